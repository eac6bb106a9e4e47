from django.urls import reverse

from packertracker.models import GearItem, Kit

from .conftest import make_gear, make_item


def item_data(**overrides):
    data = {"name": "Sunscreen", "category": "Toiletries", "weight_grams": "80", "quantity": "1"}
    return {**data, **overrides}


def test_member_picks_several_closet_items_in_one_step(alice_client, alice, shared_trip):
    tent, stove = make_gear(alice, "Tent", weight_grams=1400), make_gear(alice, "Stove")
    make_gear(alice, "Snowshoes")
    url = reverse("packertracker:pick_from_closet", args=[shared_trip.pk])
    alice_client.post(url, {"gear": [tent.pk, stove.pk]})
    items = shared_trip.items.filter(member=alice)
    assert sorted(items.values_list("name", flat=True)) == ["Stove", "Tent"]
    assert items.get(name="Tent").weight_grams == 1400


def test_kit_adds_its_gear_and_nothing_twice(alice_client, alice, shared_trip):
    plasters, bandage = make_gear(alice, "Plasters"), make_gear(alice, "Bandage")
    kit = Kit.objects.create(owner=alice, name="First aid")
    kit.items.set([plasters, bandage])
    shared_trip.add_gear(alice, [plasters])
    url = reverse("packertracker:pick_from_closet", args=[shared_trip.pk])
    response = alice_client.post(url, {"gear": [plasters.pk], "kits": [kit.pk]}, follow=True)
    assert sorted(shared_trip.items.values_list("name", flat=True)) == ["Bandage", "Plasters"]
    assert "1 already on it" in response.content.decode()


def test_picking_nothing_is_explained(alice_client, alice, shared_trip):
    make_gear(alice, "Tent")
    url = reverse("packertracker:pick_from_closet", args=[shared_trip.pk])
    response = alice_client.post(url, {})
    assert response.status_code == 400
    assert "Tick at least one" in response.content.decode()


def test_picking_someone_elses_gear_is_refused(alice_client, bob, shared_trip):
    bobs_tent = make_gear(bob, "Tent")
    url = reverse("packertracker:pick_from_closet", args=[shared_trip.pk])
    response = alice_client.post(url, {"gear": [bobs_tent.pk]})
    assert response.status_code == 400
    assert "not in your closet" in response.content.decode()
    assert not shared_trip.items.exists()


def test_one_off_item_can_be_saved_to_the_closet(alice_client, alice, shared_trip):
    url = reverse("packertracker:item_create", args=[shared_trip.pk])
    alice_client.post(url, item_data(save_to_closet="on"))
    item = shared_trip.items.get(member=alice)
    assert item.gear == GearItem.objects.get(owner=alice, name="Sunscreen")


def test_saving_a_closet_name_twice_is_refused_with_the_form_kept(alice_client, alice, shared_trip):
    make_gear(alice, "Sunscreen")
    url = reverse("packertracker:item_create", args=[shared_trip.pk])
    response = alice_client.post(url, item_data(name="sunscreen", save_to_closet="on"))
    assert response.status_code == 400
    assert "already in your closet" in response.content.decode()
    assert 'value="Toiletries"' in response.content.decode()
    assert not shared_trip.items.exists()


def test_one_off_item_with_a_closet_name_is_fine_without_saving(alice_client, alice, shared_trip):
    make_gear(alice, "Sunscreen")
    url = reverse("packertracker:item_create", args=[shared_trip.pk])
    assert alice_client.post(url, item_data()).status_code == 302
    assert shared_trip.items.filter(name="Sunscreen").exists()


def test_item_quantity_must_be_sensible(alice_client, shared_trip):
    url = reverse("packertracker:item_create", args=[shared_trip.pk])
    for quantity in ["0", "-1", "100", "lots"]:
        response = alice_client.post(url, item_data(quantity=quantity))
        assert response.status_code == 400
        assert "quantity" in response.context["item_form"].errors
    assert not shared_trip.items.exists()


def test_member_edits_and_removes_their_item(alice_client, alice, shared_trip):
    item = make_item(shared_trip, alice, "Sunscreen")
    url = reverse("packertracker:item_edit", args=[shared_trip.pk, item.pk])
    alice_client.post(url, item_data(quantity="2"))
    item.refresh_from_db()
    assert item.quantity == 2
    alice_client.post(reverse("packertracker:item_delete", args=[shared_trip.pk, item.pk]))
    assert not shared_trip.items.exists()


def test_gear_id_too_big_for_the_database_is_a_wrong_choice(alice_client, alice, shared_trip):
    url = reverse("packertracker:pick_from_closet", args=[shared_trip.pk])
    response = alice_client.post(url, {"gear": ["99999999999999999999999"]})
    assert response.status_code == 400
    assert "not in your closet" in response.content.decode()
