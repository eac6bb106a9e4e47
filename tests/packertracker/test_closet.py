import pytest
from django.urls import reverse

from packertracker.models import GearItem, Kit

from .conftest import make_gear


def gear_data(**overrides):
    data = {"name": "Tent", "category": "Shelter", "weight_grams": "1400", "quantity": "1"}
    return {**data, **overrides}


def test_member_adds_gear_to_their_closet(alice_client, alice):
    response = alice_client.post(reverse("packertracker:gear_create"), gear_data(worn="on"))
    assert response.status_code == 302
    tent = GearItem.objects.get(owner=alice)
    assert (tent.name, tent.weight_grams, tent.worn, tent.consumable) == ("Tent", 1400, True, False)


def test_closet_refuses_a_name_twice_regardless_of_case(alice_client, alice):
    make_gear(alice, "Tent")
    response = alice_client.post(reverse("packertracker:gear_create"), gear_data(name="tent"))
    assert response.status_code == 400
    assert "already in your closet" in response.content.decode()
    assert 'value="1400"' in response.content.decode()  # nothing typed is lost
    assert GearItem.objects.count() == 1


def test_two_people_may_both_own_a_tent(bob_client, alice, bob):
    make_gear(alice, "Tent")
    bob_client.post(reverse("packertracker:gear_create"), gear_data())
    assert GearItem.objects.filter(owner=bob, name="Tent").exists()


def test_renaming_gear_keeps_its_own_name_allowed(alice_client, alice):
    tent = make_gear(alice, "Tent")
    url = reverse("packertracker:gear_edit", args=[tent.pk])
    assert alice_client.post(url, gear_data(name="Tent", weight_grams="1300")).status_code == 302
    tent.refresh_from_db()
    assert tent.weight_grams == 1300


def test_absurd_quantity_and_weight_are_refused(alice_client):
    for bad in [{"quantity": "0"}, {"quantity": "-2"}, {"quantity": "5000"}]:
        response = alice_client.post(reverse("packertracker:gear_create"), gear_data(**bad))
        assert "quantity" in response.context["form"].errors
    for bad in ["-5", "999999", "heavy"]:
        response = alice_client.post(
            reverse("packertracker:gear_create"), gear_data(weight_grams=bad)
        )
        assert "weight_grams" in response.context["form"].errors
    assert not GearItem.objects.exists()


def test_nobody_else_opens_my_gear(bob_client, alice):
    tent = make_gear(alice)
    assert bob_client.get(reverse("packertracker:gear_edit", args=[tent.pk])).status_code == 404
    assert bob_client.post(reverse("packertracker:gear_delete", args=[tent.pk])).status_code == 404
    assert GearItem.objects.filter(pk=tent.pk).exists()


def test_member_bundles_closet_gear_into_a_kit(alice_client, alice):
    plasters, bandage = make_gear(alice, "Plasters"), make_gear(alice, "Bandage")
    response = alice_client.post(
        reverse("packertracker:kit_create"),
        {"name": "First aid", "items": [plasters.pk, bandage.pk]},
    )
    assert response.status_code == 302
    assert set(Kit.objects.get(owner=alice).items.all()) == {plasters, bandage}


def test_kit_cannot_hold_someone_elses_gear(alice_client, bob):
    bobs_knife = make_gear(bob, "Knife")
    response = alice_client.post(
        reverse("packertracker:kit_create"), {"name": "Kitchen", "items": [bobs_knife.pk]}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Kit.objects.exists()


def test_deleting_gear_keeps_it_on_trip_lists(alice_client, alice, shared_trip):
    tent = make_gear(alice, "Tent")
    shared_trip.add_gear(alice, [tent])
    alice_client.post(reverse("packertracker:gear_delete", args=[tent.pk]))
    assert shared_trip.items.get(member=alice).name == "Tent"


def test_kit_item_id_too_big_for_the_database_is_a_wrong_choice(alice_client):
    response = alice_client.post(
        reverse("packertracker:kit_create"),
        {"name": "Kitchen", "items": ["99999999999999999999999"]},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert response.context["form"]["name"].value() == "Kitchen"


def test_a_closet_items_link_and_price_go_on_the_trip_and_the_checklist(
    alice_client, alice, shared_trip
):
    url = reverse("packertracker:gear_create")
    fields = {"name": "Tent", "quantity": 1, "link": "https://example.org/tent", "price": "249.90"}
    assert alice_client.post(url, fields).status_code == 302
    gear = alice.closet.get()
    assert (gear.link, str(gear.price)) == ("https://example.org/tent", "249.90")
    shared_trip.add_gear(alice, [gear])
    trip_page = alice_client.get(shared_trip.get_absolute_url()).content.decode()
    assert 'href="https://example.org/tent"' in trip_page and "249.90&nbsp;€" in trip_page
    checklist = reverse("packertracker:checklist", args=[shared_trip.pk])
    printed = alice_client.get(checklist).content.decode()
    assert "https://example.org/tent" in printed and "249.90&nbsp;€" in printed


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://example.org/tent", "not a link"])
def test_a_link_that_is_not_http_keeps_what_was_typed(alice_client, alice, link):
    url = reverse("packertracker:gear_create")
    response = alice_client.post(url, {"name": "Tent", "quantity": 1, "link": link, "price": "12"})
    assert response.status_code == 400
    content = response.content.decode()
    assert (
        "starts with http:// or https://" in content
        and 'value="Tent"' in content
        and 'value="12"' in content
    )
    assert not alice.closet.exists()


def test_a_negative_price_is_refused_with_a_message(alice_client, alice):
    url = reverse("packertracker:gear_create")
    response = alice_client.post(url, {"name": "Tent", "quantity": 1, "price": "-5"})
    assert response.status_code == 400 and not alice.closet.exists()
    assert 'value="Tent"' in response.content.decode()
