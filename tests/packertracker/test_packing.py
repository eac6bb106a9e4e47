import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import make_item


def tick(client, item, packed, **extra):
    url = reverse("packertracker:item_packed", args=[item.trip_id, item.pk])
    return client.post(url, {"packed": packed}, **extra)


def send_ticks(client, trip, ticks):
    url = reverse("packertracker:ticks", args=[trip.pk])
    return client.post(url, {"ticks": json.dumps(ticks)})


def ms(moment):
    return int(moment.timestamp() * 1000)


def test_ticks_sent_together_are_saved_with_the_time_they_were_made(
    alice_client, alice, shared_trip
):
    tent, stove = make_item(shared_trip, alice, "Tent"), make_item(shared_trip, alice, "Stove")
    made = timezone.now() - timedelta(hours=2)
    ticks = [
        {"item": tent.pk, "packed": True, "at": ms(made)},
        {"item": stove.pk, "packed": True, "at": ms(made + timedelta(minutes=1))},
    ]
    response = send_ticks(alice_client, shared_trip, ticks)
    assert response.json() == {"items": {str(tent.pk): True, str(stove.pk): True}}
    tent.refresh_from_db()
    assert tent.packed and abs(tent.packed_changed_at - made) < timedelta(milliseconds=1)


def test_ticks_are_applied_oldest_first_so_the_last_one_made_wins(alice_client, alice, shared_trip):
    tent = make_item(shared_trip, alice, "Tent")
    made = timezone.now() - timedelta(minutes=10)
    ticks = [  # sent out of order: packed, then unpacked a minute later
        {"item": tent.pk, "packed": False, "at": ms(made + timedelta(minutes=1))},
        {"item": tent.pk, "packed": True, "at": ms(made)},
    ]
    assert send_ticks(alice_client, shared_trip, ticks).json()["items"][str(tent.pk)] is False
    tent.refresh_from_db()
    assert not tent.packed


def test_an_offline_tick_older_than_one_from_another_device_changes_nothing(
    alice_client, alice, shared_trip
):
    tent = make_item(shared_trip, alice, "Tent")
    offline = timezone.now() - timedelta(hours=1)
    tent.set_packed(True)  # from the laptop, just now
    ticks = [{"item": tent.pk, "packed": False, "at": ms(offline)}]
    assert send_ticks(alice_client, shared_trip, ticks).json()["items"][str(tent.pk)] is True
    tent.refresh_from_db()
    assert tent.packed and tent.packed_changed_at > offline


def test_a_tick_from_a_clock_in_the_future_counts_as_now(alice, shared_trip):
    tent = make_item(shared_trip, alice, "Tent")
    assert tent.set_packed(True, timezone.now() + timedelta(days=365))
    assert tent.packed_changed_at <= timezone.now()
    assert tent.set_packed(False)  # a later tick is not locked out
    tent.refresh_from_db()
    assert not tent.packed


def test_ticks_for_items_not_on_my_list_are_left_out(alice_client, bob, alice, shared_trip):
    bobs = make_item(shared_trip, bob, "Bob's tent")
    ticks = [{"item": bobs.pk, "packed": True, "at": ms(timezone.now())}]
    assert send_ticks(alice_client, shared_trip, ticks).json() == {"items": {}}
    bobs.refresh_from_db()
    assert not bobs.packed


@pytest.mark.parametrize(
    "ticks",
    [
        "not json",
        [],
        [{"item": 1, "packed": "yes", "at": 0}],
        [{"item": "1", "packed": True, "at": 0}],
        [{"item": 1, "packed": True, "at": 1e300}],
        {"item": 1},
    ],
)
def test_garbled_ticks_are_refused_and_change_nothing(alice_client, alice, shared_trip, ticks):
    tent = make_item(shared_trip, alice, "Tent")
    body = (
        ticks
        if isinstance(ticks, str)
        else json.dumps(ticks).replace('"item": 1', f'"item": {tent.pk}')
    )
    url = reverse("packertracker:ticks", args=[shared_trip.pk])
    response = alice_client.post(url, {"ticks": body})
    assert response.status_code == 400 and "errors" in response.json()
    tent.refresh_from_db()
    assert not tent.packed


def test_the_trip_page_offers_a_manifest_and_the_worker_but_no_inline_script(
    alice_client, alice, shared_trip
):
    make_item(shared_trip, alice, "Tent")
    content = alice_client.get(shared_trip.get_absolute_url()).content.decode()
    assert 'rel="manifest"' in content and 'name="packer-worker" content="/trips/sw.js"' in content
    assert "<script>" not in content and " onclick=" not in content
    assert f'data-ticks="/trips/{shared_trip.pk}/ticks/"' in content


def test_the_worker_is_scoped_to_the_trips_and_precaches_the_assets(client):
    worker = client.get(reverse("packertracker:service_worker"))
    assert worker["Content-Type"].startswith("text/javascript")
    assert "packer.js" in worker.content.decode()
    manifest = client.get(reverse("packertracker:manifest")).json()
    assert manifest["scope"] == "/trips/" and {i["sizes"] for i in manifest["icons"]} == {
        "192x192",
        "512x512",
    }


def test_tick_without_javascript_redirects_back(alice_client, alice, shared_trip):
    item = make_item(shared_trip, alice)
    response = tick(alice_client, item, "true")
    assert response.status_code == 302
    assert response.url == f"{shared_trip.get_absolute_url()}#item-{item.pk}"


def test_tick_goes_back_to_the_page_it_came_from_but_not_elsewhere(
    alice_client, alice, shared_trip
):
    item = make_item(shared_trip, alice)
    url = reverse("packertracker:item_packed", args=[shared_trip.pk, item.pk])
    unpacked = reverse("packertracker:unpacked", args=[shared_trip.pk])
    assert alice_client.post(url, {"packed": "true", "next": unpacked}).url == unpacked
    evil = alice_client.post(url, {"packed": "true", "next": "https://evil.example/"})
    assert evil.url.startswith(shared_trip.get_absolute_url())


def test_tick_with_a_garbled_state_changes_nothing(alice_client, alice, shared_trip):
    item = make_item(shared_trip, alice)
    assert tick(alice_client, item, "toggle").status_code == 400
    item.refresh_from_db()
    assert not item.packed


def test_participant_cannot_tick_others_items(bob_client, alice, shared_trip):
    item = make_item(shared_trip, alice)
    assert tick(bob_client, item, "true").status_code == 404
    item.refresh_from_db()
    assert not item.packed


def test_others_items_show_their_state_but_no_tick_button(bob_client, alice, shared_trip):
    make_item(shared_trip, alice, "Tent", packed=True)
    content = bob_client.get(shared_trip.get_absolute_url()).content.decode()
    assert 'Tent<span class="visually-hidden"> (packed)</span>' in content
    assert (
        "item_packed" not in content and "/packed/" not in content and "data-ticks" not in content
    )


def test_progress_per_person(alice, bob, shared_trip):
    make_item(shared_trip, alice, "Tent", packed=True)
    make_item(shared_trip, alice, "Stove")
    lists = {pl.member: pl for pl in shared_trip.packing_lists()}
    assert (lists[alice].packed_count, lists[alice].percent_packed) == (1, 50)
    assert (lists[bob].items, lists[bob].percent_packed) == ([], 0)


def test_still_unpacked_view_lists_only_unpacked_items(alice_client, alice, bob, shared_trip):
    make_item(shared_trip, alice, "Packed tent", packed=True)
    make_item(shared_trip, alice, "Forgotten spoon")
    make_item(shared_trip, bob, "Bob's pillow")
    content = alice_client.get(reverse("packertracker:unpacked", args=[shared_trip.pk])).content
    assert b"Forgotten spoon" in content and b"pillow" in content
    assert b"Packed tent" not in content
