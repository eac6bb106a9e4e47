"""Small factories for trips and gear, and carol: a member who is on no trip."""

from datetime import timedelta

import pytest
from django.utils import timezone

from packertracker.models import GearItem, Trip, TripItem
from tests.conftest import signed_in


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


def make_trip(organizer, *participants, starts_in=10, days=2, **fields):
    """A trip starting in starts_in days (negative: in the past); shared if anyone joins."""
    fields.setdefault("name", "Lake trip")
    fields.setdefault("season", "summer")
    fields.setdefault("expected_low_c", 10)
    fields.setdefault("is_shared", bool(participants))
    trip = Trip.create_for(
        organizer, start_date=in_days(starts_in), end_date=in_days(starts_in + days), **fields
    )
    for member in participants:
        trip.add_participant(member)
    return trip


def make_item(trip, member, name="Tent", **fields):
    return TripItem.objects.create(trip=trip, member=member, name=name, **fields)


def make_gear(owner, name="Tent", **fields):
    return GearItem.objects.create(owner=owner, name=name, **fields)


@pytest.fixture
def carol(make_member):
    return make_member("carol")


@pytest.fixture
def carol_client(carol):
    return signed_in(carol)


@pytest.fixture
def shared_trip(alice, bob, carol):
    """Alice organizes, Bob comes along; Carol exists but is not on it."""
    return make_trip(alice, bob, name="Lake trip")


@pytest.fixture
def personal_trip(alice):
    return make_trip(alice, name="Solo hike")


@pytest.fixture
def past_trip(alice, bob):
    return make_trip(alice, bob, name="Spring lake trip", starts_in=-10)
