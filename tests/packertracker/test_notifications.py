"""Trips tell people they are invited, that group gear is missing, and that the review is open."""

from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind, Notification
from packertracker.models import GroupNeed
from packertracker.reminders import send_reminders
from tests.notifications.helpers import texts_for, told

from .conftest import make_trip


def test_an_invitation_to_a_trip_tells_the_invited_member_only(alice_client, alice, bob, carol):
    trip = make_trip(alice, bob)
    Notification.objects.all().delete()
    alice_client.post(
        reverse("packertracker:participant_add", args=[trip.pk]), {"member": carol.pk}
    )
    assert told() == {"carol": 1}
    notification = Notification.objects.get()
    assert notification.kind == Kind.TRIP_INVITED
    assert notification.url == trip.get_absolute_url()
    assert texts_for(carol)[0].startswith("Alice put you on the trip “Lake trip”")


def test_inviting_someone_already_on_the_trip_tells_them_nothing_new(alice, bob):
    trip = make_trip(alice, bob)
    trip.add_participant(bob)
    assert told() == {"bob": 1}


def gear_trip(alice, bob, starts_in):
    trip = make_trip(alice, bob, starts_in=starts_in)
    GroupNeed.objects.create(trip=trip, name="Tent", amount=2).claim(alice, 1)
    GroupNeed.objects.create(trip=trip, name="Stove", amount=1).claim(bob, 1)
    Notification.objects.all().delete()
    return trip


def test_uncovered_group_gear_three_days_ahead_tells_every_participant_once(alice, bob, carol):
    gear_trip(alice, bob, starts_in=3)
    call_command("send_reminders")
    call_command("send_reminders")
    assert told() == {"alice": 1, "bob": 1}
    assert told(Kind.TRIP_GEAR_UNCOVERED) == {"alice": 1, "bob": 1}
    assert "nobody brings enough of: Tent (1 of 2)." in texts_for(bob)[0]


def test_group_gear_is_not_nagged_about_a_week_ahead_or_once_covered(alice, bob):
    today = timezone.localdate()
    gear_trip(alice, bob, starts_in=7)
    send_reminders(today)
    assert told() == {}
    covered = gear_trip(alice, bob, starts_in=2)
    covered.group_needs.get(name="Tent").claim(bob, 1)
    send_reminders(today)
    assert told() == {}


def test_a_trip_that_ended_opens_its_review_to_each_participant_once(alice, bob, carol):
    trip = make_trip(alice, bob, starts_in=-4, days=2)
    make_trip(alice, bob, starts_in=-40, name="Long ago")
    Notification.objects.all().delete()
    today = timezone.localdate()
    send_reminders(today)
    send_reminders(today + timedelta(days=1))
    assert told(Kind.TRIP_REVIEW_OPEN) == {"alice": 1, "bob": 1}
    assert told() == {"alice": 1, "bob": 1}
    assert Notification.objects.first().url == reverse("packertracker:review", args=[trip.pk])
