from io import StringIO

from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from packertracker.demo import add_demo_trips
from packertracker.models import Trip

from .conftest import make_trip


def test_demo_builds_the_next_trip_from_the_reviewed_one(alice, bob, carol):
    past, upcoming, template = add_demo_trips({"alice": alice, "bob": bob, "carol": carol})
    assert past.has_ended and not past.items.filter(review="").exists()
    assert upcoming.based_on == past and not upcoming.has_ended
    assert template.is_template
    assert set(upcoming.participants.all()) == {alice, bob, carol}
    assert set(upcoming.group_needs.values_list("name", flat=True)) == {
        "Tent",
        "Stove",
        "Water filter",
    }
    alices = set(upcoming.items.filter(member=alice).values_list("name", flat=True))
    assert "Rain trousers" in alices and "Headlamp" in alices
    assert "Pillow" not in alices  # not needed last time
    assert upcoming.items.filter(member=bob, name="Warm hat").exists()


def test_demo_takes_a_list_and_runs_once(alice, bob):
    assert len(add_demo_trips([alice, bob])) == 3
    assert add_demo_trips([alice, bob]) == []
    assert Trip.objects.count() == 3


def test_next_trip_is_the_soonest_one_not_over(alice, bob):
    make_trip(alice, name="Later", starts_in=30)
    make_trip(alice, name="Over", starts_in=-10)
    make_trip(alice, name="Template", is_template=True, starts_in=1)
    make_trip(bob, name="Bob's own", starts_in=2)
    soon = make_trip(alice, name="Soon", starts_in=5)
    assert Trip.objects.upcoming_for(alice).first() == soon


def test_next_trip_include_links_the_trip(alice):
    trip = make_trip(alice, name="Soon", place="Lake Garda", starts_in=5)
    html = render_to_string("packertracker/_next_trip.html", {"next_trip": trip})
    assert trip.get_absolute_url() in html and "Lake Garda" in html
    assert render_to_string("packertracker/_next_trip.html", {"next_trip": None}).strip() == ""


def test_home_page_shows_my_next_trip(alice_client, alice):
    make_trip(alice, name="Forest weekend", starts_in=3)
    response = alice_client.get(reverse("home"))
    assert "My next trip" in response.content.decode()
    assert "Forest weekend" in response.content.decode()


def test_demo_data_command_adds_the_trips(db):
    call_command("demo_data", stdout=StringIO())
    assert Trip.objects.filter(is_template=False).count() == 2
