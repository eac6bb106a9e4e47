import pytest
from django.urls import reverse

from packertracker.models import GroupNeed

from .conftest import make_gear


def need(trip, name, amount, per_people=False):
    return GroupNeed.objects.create(trip=trip, name=name, amount=amount, per_people=per_people)


@pytest.mark.parametrize("people, tents", [(1, 1), (3, 1), (4, 2), (6, 2), (7, 3)])
def test_one_tent_per_three_people(people, tents):
    assert GroupNeed(name="Tent", amount=3, per_people=True).needed_for(people) == tents


def test_fixed_number_ignores_head_count():
    assert GroupNeed(name="Stove", amount=2).needed_for(9) == 2


def test_status_shows_three_stoves_and_no_tent(shared_trip, alice, bob, carol):
    shared_trip.add_participant(carol)
    need(shared_trip, "Tent", 3, per_people=True)
    stove = need(shared_trip, "Stove", 1)
    stove.claim(alice, 2)
    stove.claim(bob, 1)
    status = {n.name: (n.needed, n.claimed, n.state) for n in shared_trip.group_gear_status()}
    assert status == {"Tent": (1, 0, "unclaimed"), "Stove": (1, 3, "over")}


def test_trip_page_shows_unclaimed_and_overclaimed_at_a_glance(bob_client, shared_trip, alice):
    need(shared_trip, "Tent", 2)
    need(shared_trip, "Stove", 1).claim(alice, 3)
    content = bob_client.get(shared_trip.get_absolute_url()).content.decode()
    assert "none yet, 2 needed" in content
    assert "3 claimed, 1 needed" in content


def test_participant_adds_a_need_per_people(bob_client, shared_trip):
    url = reverse("packertracker:need_add", args=[shared_trip.pk])
    bob_client.post(url, {"name": "Tent", "amount": "3", "per_people": "true"})
    tent = shared_trip.group_needs.get()
    assert (tent.amount, tent.per_people) == (3, True)


def test_group_need_name_twice_is_refused(bob_client, shared_trip):
    need(shared_trip, "Tent", 1)
    url = reverse("packertracker:need_add", args=[shared_trip.pk])
    response = bob_client.post(url, {"name": "tent", "amount": "1", "per_people": "false"})
    assert response.status_code == 400
    assert "already on the group" in response.content.decode()


def test_claim_goes_on_my_list_with_my_gear_weight(bob_client, shared_trip, bob):
    stove = need(shared_trip, "Stove", 1)
    my_stove = make_gear(bob, "Jetboil", weight_grams=400)
    url = reverse("packertracker:need_claim", args=[shared_trip.pk, stove.pk])
    bob_client.post(url, {"quantity": "1", "gear": my_stove.pk})
    item = shared_trip.items.get(member=bob)
    assert (item.name, item.weight_grams, item.group_need) == ("Jetboil", 400, stove)


@pytest.mark.parametrize("quantity", ["0", "-1", "1000", ""])
def test_claim_quantity_must_be_sensible(bob_client, shared_trip, quantity):
    stove = need(shared_trip, "Stove", 1)
    url = reverse("packertracker:need_claim", args=[shared_trip.pk, stove.pk])
    response = bob_client.post(url, {"quantity": quantity})
    assert response.status_code == 400
    assert not shared_trip.items.exists()


def test_claim_with_someone_elses_gear_is_refused(bob_client, shared_trip, alice):
    stove = need(shared_trip, "Stove", 1)
    alices_stove = make_gear(alice, "Alice's stove")
    url = reverse("packertracker:need_claim", args=[shared_trip.pk, stove.pk])
    response = bob_client.post(url, {"quantity": "1", "gear": alices_stove.pk})
    assert response.status_code == 400
    assert not shared_trip.items.exists()


def test_need_of_another_trip_cannot_be_claimed(bob_client, shared_trip, personal_trip):
    elsewhere = need(personal_trip, "Canoe", 1)
    url = reverse("packertracker:need_claim", args=[shared_trip.pk, elsewhere.pk])
    assert bob_client.post(url, {"quantity": "1"}).status_code == 404


def test_only_organizer_or_who_added_it_removes_a_need(bob_client, alice_client, shared_trip):
    stove = need(shared_trip, "Stove", 1)
    url = reverse("packertracker:need_delete", args=[shared_trip.pk, stove.pk])
    assert bob_client.post(url).status_code == 403
    assert alice_client.post(url).status_code == 302
    assert not shared_trip.group_needs.exists()


def test_participant_who_added_a_need_may_remove_it(bob_client, bob, shared_trip):
    add = reverse("packertracker:need_add", args=[shared_trip.pk])
    bob_client.post(add, {"name": "Water filter", "amount": "1", "per_people": "false"})
    water_filter = shared_trip.group_needs.get()
    assert water_filter.added_by == bob
    remove = reverse("packertracker:need_delete", args=[shared_trip.pk, water_filter.pk])
    assert bob_client.post(remove).status_code == 302
    assert not shared_trip.group_needs.exists()
