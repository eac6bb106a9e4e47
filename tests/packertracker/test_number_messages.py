"""Every number field says one sentence, with its unit, whatever is wrong with the number."""

import pytest
from django.urls import reverse

from packertracker.forms import ClaimForm, GroupNeedForm, TripForm

from .test_closet import gear_data

QUANTITY = "Enter a whole number from 1 to 99 pieces."
WEIGHT = "Enter a whole number from 0 to 50,000 g."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quantity", "-3", QUANTITY),
        ("quantity", "0", QUANTITY),
        ("quantity", "100", QUANTITY),
        ("quantity", "two", QUANTITY),
        ("weight_grams", "-1", WEIGHT),
        ("weight_grams", "50001", WEIGHT),
        ("weight_grams", "heavy", WEIGHT),
    ],
)
def test_a_number_out_of_range_hears_one_sentence_with_its_unit(
    alice_client, field, value, message
):
    response = alice_client.post(reverse("packertracker:gear_create"), gear_data(**{field: value}))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert f'value="{value}"' in response.content.decode()


def test_a_number_field_shows_its_limits_to_the_browser(alice):
    form = ClaimForm(member=alice, need=type("Need", (), {"pk": 1})())
    assert 'min="1"' in str(form["quantity"]) and 'max="99"' in str(form["quantity"])


def test_a_trips_expected_low_names_degrees_celsius():
    for value in ("-61", "46", "cold"):
        errors = TripForm(data={"expected_low_c": value}).errors["expected_low_c"]
        assert errors == ["Enter a whole number from -60 to 45 °C."]


def test_a_group_need_says_what_its_amount_counts(shared_trip):
    errors = GroupNeedForm(data={"name": "Stove", "amount": "0"}, trip=shared_trip).errors
    assert errors["amount"] == ["Enter a whole number from 1 to 99 (pieces, or people per piece)."]
