from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from packertracker.models import GearItem, GroupNeed, TripItem


def add_items(trip, members, per_member):
    stove = GroupNeed.objects.create(trip=trip, name=f"Stove {trip.items.count()}", amount=1)
    TripItem.objects.bulk_create(
        TripItem(
            trip=trip,
            member=member,
            name=f"Item {number}",
            category=f"Category {number % 7}",
            weight_grams=number,
            packed=number % 2 == 0,
            group_need=stove if number == 0 else None,
        )
        for member in members
        for number in range(per_member)
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_trip_page_queries_do_not_grow_with_items(
    alice_client, alice, bob, carol, make_member, shared_trip
):
    dave = make_member("dave")
    members = [alice, bob, carol, dave]
    for member in (carol, dave):
        shared_trip.add_participant(member)

    add_items(shared_trip, members, 50)
    with_200 = count_queries(alice_client, shared_trip.get_absolute_url())
    add_items(shared_trip, members, 50)
    with_400 = count_queries(alice_client, shared_trip.get_absolute_url())

    assert shared_trip.items.count() == 400
    assert with_400 == with_200
    assert with_200 <= 12


def test_group_gear_page_queries_do_not_grow_with_needs(alice_client, alice, shared_trip):
    GearItem.objects.bulk_create(GearItem(owner=alice, name=f"Stove {n}") for n in range(3))
    url = reverse("packertracker:group_gear", args=[shared_trip.pk])
    add_items(shared_trip, [alice], 1)
    with_one = count_queries(alice_client, url)
    for _ in range(5):
        add_items(shared_trip, [alice], 1)
    with_six = count_queries(alice_client, url)

    assert shared_trip.group_needs.count() == 6
    assert with_six == with_one
    forms = [need.claim_form for need in alice_client.get(url).context["needs"]]
    assert [len(form["gear"].subwidgets) for form in forms] == [4] * 6
    assert all("Stove 2" in str(form["gear"]) for form in forms)
