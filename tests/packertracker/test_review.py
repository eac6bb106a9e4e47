from django.urls import reverse

from packertracker.models import Review

from .conftest import make_item, make_trip


def test_review_is_not_open_before_the_trip_ends(alice_client, alice, shared_trip):
    item = make_item(shared_trip, alice)
    url = reverse("packertracker:review", args=[shared_trip.pk])
    assert "opens when the trip is over" in alice_client.get(url).content.decode()
    response = alice_client.post(url, {f"item_{item.pk}": "used"})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.review == ""


def test_review_opens_the_day_after_the_trip_ends(alice):
    assert not make_trip(alice, starts_in=-2, days=2).review_is_open  # ends today
    assert make_trip(alice, starts_in=-3, days=2).review_is_open


def test_participant_marks_items_used_or_not_needed(bob_client, bob, past_trip):
    pillow, stove = make_item(past_trip, bob, "Pillow"), make_item(past_trip, bob, "Stove")
    url = reverse("packertracker:review", args=[past_trip.pk])
    bob_client.post(url, {f"item_{pillow.pk}": "not_needed", f"item_{stove.pk}": "used"})
    pillow.refresh_from_db(), stove.refresh_from_db()
    assert (pillow.review, stove.review) == (Review.NOT_NEEDED, Review.USED)


def test_review_with_a_made_up_choice_keeps_the_others(bob_client, bob, past_trip):
    pillow = make_item(past_trip, bob, "Pillow")
    url = reverse("packertracker:review", args=[past_trip.pk])
    response = bob_client.post(url, {f"item_{pillow.pk}": "lost"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_review_ignores_items_of_others(bob_client, alice, past_trip):
    alices = make_item(past_trip, alice, "Tent")
    bob_client.post(
        reverse("packertracker:review", args=[past_trip.pk]), {f"item_{alices.pk}": "not_needed"}
    )
    alices.refresh_from_db()
    assert alices.review == ""


def test_missing_items_are_added_and_summed_up_for_the_group(
    alice_client, bob_client, alice, bob, past_trip
):
    make_item(past_trip, alice, "Stove", review=Review.USED)
    make_item(past_trip, bob, "stove", review=Review.NOT_NEEDED)
    url = reverse("packertracker:missing_add", args=[past_trip.pk])
    bob_client.post(url, {"name": "Rain pants", "category": "Clothing", "note": "It poured"})
    response = alice_client.get(reverse("packertracker:review", args=[past_trip.pk]))
    assert [(r["used"], r["not_needed"]) for r in response.context["summary"]] == [(1, 1)]
    assert "Rain pants" in response.content.decode() and "It poured" in response.content.decode()


def test_missing_item_needs_a_name(bob_client, past_trip):
    url = reverse("packertracker:missing_add", args=[past_trip.pk])
    response = bob_client.post(url, {"name": "", "note": "something"})
    assert response.status_code == 400
    assert 'value="something"' in response.content.decode()


def test_nobody_deletes_someone_elses_missing_item(alice_client, bob, past_trip):
    missing = past_trip.missing_items.create(member=bob, name="Rain pants")
    url = reverse("packertracker:missing_delete", args=[past_trip.pk, missing.pk])
    assert alice_client.post(url).status_code == 404


def review_url(trip):
    return reverse("packertracker:review", args=[trip.pk])


def test_adding_a_missing_item_keeps_the_choices_made_in_the_same_form(bob_client, bob, past_trip):
    pillow, stove = make_item(past_trip, bob, "Pillow"), make_item(past_trip, bob, "Stove")
    url = reverse("packertracker:missing_add", args=[past_trip.pk])
    choices = {f"item_{pillow.pk}": "not_needed", f"item_{stove.pk}": "used"}
    assert bob_client.post(url, {**choices, "name": "Head torch"}).status_code == 302
    pillow.refresh_from_db(), stove.refresh_from_db()
    assert (pillow.review, stove.review) == (Review.NOT_NEEDED, Review.USED)
    assert past_trip.missing_items.get().name == "Head torch"


def test_a_missing_item_without_a_name_keeps_the_choices_and_saves_nothing(
    bob_client, bob, past_trip
):
    pillow = make_item(past_trip, bob, "Pillow")
    url = reverse("packertracker:missing_add", args=[past_trip.pk])
    response = bob_client.post(url, {f"item_{pillow.pk}": "not_needed", "note": "for the dark"})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="not_needed" form' not in content  # the radios are the form's own
    assert f'id="id_item_{pillow.pk}_1" checked' in content or 'value="not_needed"' in content
    assert response.context["review_form"][f"item_{pillow.pk}"].value() == "not_needed"
    assert 'value="for the dark"' in content
    pillow.refresh_from_db()
    assert pillow.review == "" and not past_trip.missing_items.exists()


def test_mark_all_used_marks_every_item_used(bob_client, bob, past_trip):
    pillow, stove = make_item(past_trip, bob, "Pillow"), make_item(past_trip, bob, "Stove")
    bob_client.post(review_url(past_trip), {f"item_{pillow.pk}": "not_needed", "all_used": "1"})
    pillow.refresh_from_db(), stove.refresh_from_db()
    assert (pillow.review, stove.review) == (Review.USED, Review.USED)


def test_the_summary_of_next_time_is_shown_before_anything_is_saved(bob_client, bob, past_trip):
    pillow, stove = make_item(past_trip, bob, "Pillow"), make_item(past_trip, bob, "Stove")
    make_item(past_trip, bob, "Cards")
    choices = {f"item_{pillow.pk}": "not_needed", f"item_{stove.pk}": "used", "preview": "1"}
    response = bob_client.post(review_url(past_trip), choices)
    content = response.content.decode()
    assert response.status_code == 200
    assert "will suggest, ticked: Stove." in content
    assert "offer, but not tick: Pillow (not needed)" in content
    assert "Not decided yet: Cards." in content
    pillow.refresh_from_db()
    assert pillow.review == ""


def test_a_choice_saved_as_it_is_made_answers_without_a_page(bob_client, bob, past_trip):
    pillow = make_item(past_trip, bob, "Pillow")
    response = bob_client.post(
        review_url(past_trip), {f"item_{pillow.pk}": "not_needed", "autosave": "1"}
    )
    assert response.status_code == 204
    pillow.refresh_from_db()
    assert pillow.review == Review.NOT_NEEDED
