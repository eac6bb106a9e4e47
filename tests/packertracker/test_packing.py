from django.urls import reverse

from .conftest import make_item

HTMX = {"HTTP_HX_REQUEST": "true"}


def tick(client, item, packed, **extra):
    url = reverse("packertracker:item_packed", args=[item.trip_id, item.pk])
    return client.post(url, {"packed": packed}, **extra)


def test_tick_answers_with_the_saved_row_and_progress(alice_client, alice, shared_trip):
    item = make_item(shared_trip, alice, "Tent")
    make_item(shared_trip, alice, "Stove")
    response = tick(alice_client, item, "true", **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="item-{item.pk}"' in content and 'aria-checked="true"' in content
    assert 'hx-swap-oob="true"' in content and "1 of 2 packed" in content
    item.refresh_from_db()
    assert item.packed


def test_tick_sets_the_state_instead_of_toggling(alice_client, alice, shared_trip):
    item = make_item(shared_trip, alice)
    tick(alice_client, item, "true", **HTMX)
    tick(alice_client, item, "true", **HTMX)  # a retry after a flaky connection
    item.refresh_from_db()
    assert item.packed
    tick(alice_client, item, "false", **HTMX)
    item.refresh_from_db()
    assert not item.packed


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
    assert tick(alice_client, item, "toggle", **HTMX).status_code == 400
    item.refresh_from_db()
    assert not item.packed


def test_participant_cannot_tick_others_items(bob_client, alice, shared_trip):
    item = make_item(shared_trip, alice)
    assert tick(bob_client, item, "true", **HTMX).status_code == 404
    item.refresh_from_db()
    assert not item.packed


def test_others_items_show_their_state_but_no_tick_button(bob_client, alice, shared_trip):
    make_item(shared_trip, alice, "Tent", packed=True)
    content = bob_client.get(shared_trip.get_absolute_url()).content.decode()
    assert 'Tent<span class="visually-hidden"> (packed)</span>' in content
    assert "item_packed" not in content and "/packed/" not in content


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
