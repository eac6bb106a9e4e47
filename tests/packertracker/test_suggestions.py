import pytest
from django.urls import reverse

from packertracker.models import Review, Trip
from packertracker.suggestions import suggest_items

from .conftest import make_gear, make_item, make_trip


def by_name(suggestions):
    return {s.name: s for s in suggestions}


def test_not_needed_is_offered_unticked_and_used_ticked(alice):
    lake = make_trip(alice, name="Lake trip", starts_in=-30)
    make_item(lake, alice, "Tent", review=Review.USED)
    make_item(lake, alice, "Pillow", review=Review.NOT_NEEDED)
    suggestions = by_name(suggest_items(alice, make_trip(alice, name="Next"), lake))
    assert suggestions["Tent"].ticked and not suggestions["Pillow"].ticked
    assert suggestions["Pillow"].reasons == [f"not needed on {lake.label}"]


def test_missing_items_are_added_with_the_reason(alice):
    lake = make_trip(alice, name="Lake trip", starts_in=-30)
    lake.missing_items.create(member=alice, name="Rain pants", category="Clothing")
    [rain_pants] = suggest_items(alice, make_trip(alice), lake)
    assert rain_pants.ticked
    assert rain_pants.reasons == [f"missing on Lake trip, {lake.start_date:%B %Y}"]
    assert rain_pants.fields == {"name": "Rain pants", "category": "Clothing"}


def test_missing_item_i_now_own_comes_from_my_closet(alice):
    lake = make_trip(alice, starts_in=-30)
    lake.missing_items.create(member=alice, name="rain pants")
    pants = make_gear(alice, "Rain pants", weight_grams=250)
    [suggestion] = suggest_items(alice, make_trip(alice), lake)
    assert (suggestion.gear_id, suggestion.fields["weight_grams"]) == (pants.pk, 250)


def test_past_trips_in_similar_conditions_weigh_more(alice):
    new = make_trip(alice, season="autumn", expected_low_c=2)
    source = make_trip(alice, name="Template", is_template=True, season="autumn")
    similar = make_trip(alice, name="Cold one", season="autumn", expected_low_c=0, starts_in=-40)
    summer = make_trip(alice, name="Hot one", season="summer", expected_low_c=18, starts_in=-90)
    similar.missing_items.create(member=alice, name="Gloves")
    summer.missing_items.create(member=alice, name="Sun hat")
    suggestions = by_name(suggest_items(alice, new, source))
    assert suggestions["Gloves"].ticked
    assert suggestions["Gloves"].reasons == [f"missing on {similar.label} (similar conditions)"]
    assert not suggestions["Sun hat"].ticked  # offered, but summer is not like autumn


def test_not_needed_on_a_similar_trip_outweighs_a_template(alice):
    new = make_trip(alice, season="summer", expected_low_c=12)
    template = make_trip(alice, name="Summer weekend", is_template=True)
    make_item(template, alice, "Fleece")
    for days_ago in (-20, -60):
        past = make_trip(alice, season="summer", expected_low_c=14, starts_in=days_ago)
        make_item(past, alice, "Fleece", review=Review.NOT_NEEDED)
    fleece = by_name(suggest_items(alice, new, template))["Fleece"]
    assert not fleece.ticked
    assert len(fleece.reasons) == 3


def test_items_of_other_trips_do_not_join_unless_missing(alice):
    source = make_trip(alice, starts_in=-10)
    other = make_trip(alice, starts_in=-50)
    make_item(other, alice, "Snowshoes", review=Review.USED)
    assert suggest_items(alice, make_trip(alice), source) == []


def test_what_is_on_the_list_already_is_not_suggested_again(alice):
    source = make_trip(alice, starts_in=-10)
    make_item(source, alice, "Tent")
    new = make_trip(alice)
    make_item(new, alice, "tent")
    assert suggest_items(alice, new, source) == []


def test_other_peoples_items_are_not_my_suggestions(alice, bob):
    source = make_trip(alice, bob, starts_in=-10)
    make_item(source, bob, "Bob's guitar")
    assert suggest_items(alice, make_trip(alice), source) == []


def test_new_trip_from_a_past_trip_ends_in_one_confirming_form(alice_client, alice, bob, past_trip):
    make_item(past_trip, alice, "Tent", review=Review.USED, weight_grams=1400)
    make_item(past_trip, alice, "Pillow", review=Review.NOT_NEEDED)
    past_trip.missing_items.create(member=alice, name="Rain pants")
    past_trip.group_needs.create(name="Stove", amount=1)
    data = {
        "name": "Autumn lake",
        "start_date": "2099-09-01",
        "end_date": "2099-09-03",
        "season": "summer",
        "expected_low_c": "8",
        "is_shared": "on",
        "start_from": past_trip.pk,
    }
    response = alice_client.post(reverse("packertracker:trip_create"), data)
    new = Trip.objects.get(name="Autumn lake")
    assert (
        response.url
        == reverse("packertracker:suggestions", args=[new.pk]) + f"?from={past_trip.pk}"
    )
    assert new.based_on == past_trip
    assert list(new.group_needs.values_list("name", flat=True)) == ["Stove"]

    page = alice_client.get(response.url)
    assert "missing on Spring lake trip" in page.content.decode()
    assert set(page.context["form"]["chosen"].initial) == {"tent", "rain pants"}

    alice_client.post(response.url, {"chosen": ["tent", "rain pants"]})
    assert sorted(new.items.values_list("name", flat=True)) == ["Rain pants", "Tent"]
    assert new.items.get(name="Tent").weight_grams == 1400


def test_suggestions_from_a_trip_one_is_not_on_are_not_found(bob_client, shared_trip, alice):
    alices_past = make_trip(alice, starts_in=-30)
    url = reverse("packertracker:suggestions", args=[shared_trip.pk])
    assert bob_client.get(url, {"from": alices_past.pk}).status_code == 404


def test_participant_builds_their_own_list_from_a_shared_past_trip(
    bob_client, bob, past_trip, shared_trip
):
    make_item(past_trip, bob, "Hammock", review=Review.USED)
    url = reverse("packertracker:suggestions", args=[shared_trip.pk]) + f"?from={past_trip.pk}"
    bob_client.post(url, {"chosen": ["hammock"]})
    assert shared_trip.items.get().member == bob


@pytest.mark.parametrize("odd", ["²", "x1", "-1"])
def test_odd_trip_id_to_suggest_from_shows_the_choice_of_trips(alice_client, alice, past_trip, odd):
    trip = make_trip(alice)
    response = alice_client.get(reverse("packertracker:suggestions", args=[trip.pk]), {"from": odd})
    assert response.status_code == 200
    assert past_trip in response.context["sources"]
    assert "form" not in response.context
