"""The calendar feed: one's loans and trips at a secret address that a reset retires."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from notifications.models import CalendarFeed
from tests.packertracker.conftest import make_trip
from tests.toolpool.conftest import days
from toolpool.models import Loan, Tool


def events_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["summary"]): (event.decoded("dtstart"), event.decoded("dtend"))
        for event in calendar.walk("VEVENT")
    }


def feed_of(member):
    return Client().get(CalendarFeed.objects.of(member).get_absolute_url())


def test_the_feed_lists_what_i_borrow_and_lend_and_my_trips(alice, bob, make_member):
    carol = make_member("carol")
    drill = Tool.objects.create(owner=alice, name="Drill")
    saw = Tool.objects.create(owner=bob, name="Saw")
    ladder = Tool.objects.create(owner=carol, name="Ladder")
    Loan.objects.create(tool=drill, borrower=bob, start=days(1), end=days(3), status="approved")
    Loan.objects.create(tool=saw, borrower=alice, start=days(-2), end=days(2), status="out")
    # Neither still-open requests, nor declined ones, nor other people's loans are dates.
    Loan.objects.create(tool=saw, borrower=alice, start=days(5), end=days(6), status="requested")
    Loan.objects.create(tool=ladder, borrower=alice, start=days(1), end=days(2), status="declined")
    Loan.objects.create(tool=ladder, borrower=bob, start=days(1), end=days(2), status="approved")
    make_trip(alice, bob, name="Lake trip", starts_in=10, days=2)
    make_trip(carol, name="Carol's hike")

    one_day = timedelta(days=1)
    assert events_of(feed_of(alice)) == {
        "Bob picks up your Drill": (days(1), days(1) + one_day),
        "Bob brings your Drill back": (days(3), days(3) + one_day),
        "Pick up the Saw from Bob": (days(-2), days(-2) + one_day),
        "Bring the Saw back to Bob": (days(2), days(2) + one_day),
        "Trip: Lake trip": (days(10), days(13)),
    }


def test_the_feed_links_each_event_to_its_page_and_says_where(settings, alice, bob):
    settings.SITE_HOST = "family.tools.ziti"
    trip = make_trip(alice, name="Solo hike", place="Lake Constance")
    calendar = Calendar.from_ical(feed_of(alice).content)
    [event] = calendar.walk("VEVENT")
    assert str(event["location"]) == "Lake Constance"
    assert str(event["url"]) == f"http://family.tools.ziti{trip.get_absolute_url()}"
    assert str(event["uid"]) == f"trip-{trip.pk}@family.tools.ziti"


def test_a_reset_address_is_refused_at_once_and_the_new_one_works(alice_client, alice):
    make_trip(alice, name="Solo hike")
    old_url = CalendarFeed.objects.of(alice).get_absolute_url()
    assert Client().get(old_url).status_code == 200
    response = alice_client.post(reverse("notifications:reset_calendar"), follow=True)
    assert "the old one no longer works" in response.content.decode()
    assert Client().get(old_url).status_code == 404
    new_url = CalendarFeed.objects.of(alice).get_absolute_url()
    assert new_url != old_url
    assert "Trip: Solo hike" in events_of(Client().get(new_url))
    assert new_url in response.content.decode()


def test_an_unknown_address_or_a_deactivated_member_gets_no_calendar(client, alice):
    assert client.get(reverse("calendar_feed", args=["guessed"])).status_code == 404
    url = CalendarFeed.objects.of(alice).get_absolute_url()
    alice.is_active = False
    alice.save()
    assert client.get(url).status_code == 404
