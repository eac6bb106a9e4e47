import pytest
from django.urls import reverse

from .conftest import make_item


def test_base_weight_leaves_out_worn_and_consumables(alice, shared_trip):
    make_item(shared_trip, alice, "Tent", category="Shelter", weight_grams=1000)
    make_item(shared_trip, alice, "Pegs", category="Shelter", weight_grams=10, quantity=8)
    make_item(shared_trip, alice, "Boots", category="Clothing", weight_grams=900, worn=True)
    make_item(shared_trip, alice, "Food", category="Food", weight_grams=500, consumable=True)
    make_item(shared_trip, alice, "Map", category="Navigation")  # no weight known
    [mine, _bobs] = shared_trip.weight_report()
    assert mine.totals == {
        "member": alice.pk,
        "total_grams": 2480,
        "worn_grams": 900,
        "consumable_grams": 500,
        "base_grams": 1080,
        "unweighed": 1,
    }
    shelter = next(row for row in mine.categories if row["category"] == "Shelter")
    assert shelter["base_grams"] == 1080


def test_worn_consumable_counts_once(alice, shared_trip):
    make_item(shared_trip, alice, "Water bottle", weight_grams=1000, worn=True, consumable=True)
    [mine, _bobs] = shared_trip.weight_report()
    assert (mine.totals["worn_grams"], mine.totals["consumable_grams"]) == (1000, 0)
    assert mine.totals["base_grams"] == 0


def test_weights_page_draws_bars_scaled_to_the_heaviest(bob_client, alice, bob, shared_trip):
    make_item(shared_trip, alice, "Tent", weight_grams=2000)
    make_item(shared_trip, bob, "Hammock", weight_grams=500)
    response = bob_client.get(reverse("packertracker:weights", args=[shared_trip.pk]))
    content = response.content.decode()
    assert "2.00\N{NO-BREAK SPACE}kg" in content and "500\N{NO-BREAK SPACE}g" in content
    assert 'class="part-base" x="0" y="0" width="100.0"' in content
    assert 'class="part-base" x="0" y="0" width="25.0"' in content
    assert "style=" not in content  # the CSP allows no inline styles


@pytest.mark.parametrize(
    "unit, shown",
    [
        ("g", "1.23\N{NO-BREAK SPACE}kg"),
        ("kg", "1.23\N{NO-BREAK SPACE}kg"),
        ("oz", "43.53\N{NO-BREAK SPACE}oz"),
        ("lb", "2.72\N{NO-BREAK SPACE}lb"),
    ],
)
def test_every_weight_follows_the_members_unit(alice_client, alice, shared_trip, unit, shown):
    alice.weight_unit = unit
    alice.save()
    make_item(shared_trip, alice, "Tent", weight_grams=1234)
    for page in ["trip_detail", "weights", "checklist"]:
        content = alice_client.get(reverse(f"packertracker:{page}", args=[shared_trip.pk]))
        assert shown in content.content.decode(), page


def test_a_member_picks_the_unit_on_the_profile_page(alice_client, alice):
    response = alice_client.post(
        reverse("members:profile"),
        {"display_name": "Alice", "email": "", "weight_unit": "lb"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.weight_unit == "lb"
    bad = alice_client.post(
        reverse("members:profile"), {"display_name": "Alicia", "weight_unit": "stone"}
    )
    content = bad.content.decode()
    assert "Select a valid choice" in content and 'value="Alicia"' in content
    alice.refresh_from_db()
    assert (alice.display_name, alice.weight_unit) == ("Alice", "lb")
