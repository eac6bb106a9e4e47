import pytest
from django.urls import reverse

from family_tools.forms import END_BEFORE_START
from packertracker.models import Trip

from .conftest import in_days, make_item, make_trip


def trip_data(**overrides):
    data = {
        "name": "Alps weekend",
        "place": "Zugspitze",
        "start_date": in_days(20).isoformat(),
        "end_date": in_days(22).isoformat(),
        "season": "summer",
        "expected_low_c": "4",
        "notes": "",
        "start_from": "",
    }
    return {**data, **overrides}


def test_member_plans_a_personal_trip(alice_client, alice):
    response = alice_client.post(reverse("packertracker:trip_create"), trip_data())
    trip = Trip.objects.get(name="Alps weekend")
    assert response.url == trip.get_absolute_url()
    assert trip.organizer == alice
    assert list(trip.participants.all()) == [alice]
    assert not trip.is_shared


def test_trip_cannot_end_before_it_starts_and_keeps_what_was_typed(alice_client):
    data = trip_data(end_date=in_days(19).isoformat(), place="Somewhere typed")
    response = alice_client.post(reverse("packertracker:trip_create"), data)
    assert response.status_code == 400
    assert END_BEFORE_START in response.content.decode()
    assert 'value="Somewhere typed"' in response.content.decode()
    assert not Trip.objects.exists()


def test_absurd_low_temperature_is_refused(alice_client):
    response = alice_client.post(
        reverse("packertracker:trip_create"), trip_data(expected_low_c="-90")
    )
    assert response.status_code == 400
    assert "expected_low_c" in response.context["form"].errors


def test_cannot_start_from_a_trip_one_is_not_on(alice_client, bob):
    bobs_trip = make_trip(bob, name="Bob's trip", starts_in=-20)
    data = trip_data(start_from=str(bobs_trip.pk))
    response = alice_client.post(reverse("packertracker:trip_create"), data)
    assert response.status_code == 400
    assert "start_from" in response.context["form"].errors


def test_organizer_edits_the_trip(alice_client, shared_trip):
    url = reverse("packertracker:trip_edit", args=[shared_trip.pk])
    response = alice_client.post(url, trip_data(name="Lake trip, longer", is_shared="on"))
    assert response.status_code == 302
    shared_trip.refresh_from_db()
    assert shared_trip.name == "Lake trip, longer"


def test_shared_trip_with_others_cannot_become_personal(alice_client, shared_trip):
    url = reverse("packertracker:trip_edit", args=[shared_trip.pk])
    response = alice_client.post(url, trip_data())  # is_shared unticked
    assert response.status_code == 400
    assert "Remove them first" in response.content.decode()


def test_organizer_invites_and_removes_participants(alice_client, shared_trip, bob, carol):
    make_item(shared_trip, bob, "Bob's stove")
    alice_client.post(
        reverse("packertracker:participant_add", args=[shared_trip.pk]), {"member": carol.pk}
    )
    assert shared_trip.participants.filter(pk=carol.pk).exists()

    url = reverse("packertracker:participant_remove", args=[shared_trip.pk, bob.pk])
    alice_client.post(url)
    assert not shared_trip.participants.filter(pk=bob.pk).exists()
    assert not shared_trip.items.filter(member=bob).exists()


def test_organizer_stays_on_the_trip(alice_client, shared_trip, alice):
    url = reverse("packertracker:participant_remove", args=[shared_trip.pk, alice.pk])
    response = alice_client.post(url, follow=True)
    assert shared_trip.participants.filter(pk=alice.pk).exists()
    assert "you stay on it" in response.content.decode()


def test_participant_leaves_the_trip_and_their_list_goes_with_them(bob_client, shared_trip, bob):
    make_item(shared_trip, bob, "Bob's stove")
    url = reverse("packertracker:participant_remove", args=[shared_trip.pk, bob.pk])
    response = bob_client.post(url, follow=True)
    assert "You left Lake trip" in response.content.decode()
    assert not shared_trip.participants.filter(pk=bob.pk).exists()
    assert not shared_trip.items.filter(member=bob).exists()
    assert bob_client.get(shared_trip.get_absolute_url()).status_code == 404


def test_participant_cannot_remove_someone_else(bob_client, shared_trip, carol):
    shared_trip.add_participant(carol)
    url = reverse("packertracker:participant_remove", args=[shared_trip.pk, carol.pk])
    assert bob_client.post(url).status_code == 403
    assert shared_trip.participants.filter(pk=carol.pk).exists()


def test_trip_page_offers_a_participant_to_leave(bob_client, shared_trip):
    assert "Leave this trip" in bob_client.get(shared_trip.get_absolute_url()).content.decode()


def test_personal_trip_takes_no_participants(alice_client, personal_trip, bob):
    url = reverse("packertracker:participant_add", args=[personal_trip.pk])
    response = alice_client.post(url, {"member": bob.pk}, follow=True)
    assert not personal_trip.participants.filter(pk=bob.pk).exists()
    assert "personal trip" in response.content.decode()


def test_inviting_someone_already_on_the_trip_is_explained(alice_client, shared_trip, bob):
    url = reverse("packertracker:participant_add", args=[shared_trip.pk])
    response = alice_client.post(url, {"member": bob.pk}, follow=True)
    assert "not on the trip yet" in response.content.decode()


def test_organizer_deletes_the_trip(alice_client, shared_trip):
    alice_client.post(reverse("packertracker:trip_delete", args=[shared_trip.pk]))
    assert not Trip.objects.filter(pk=shared_trip.pk).exists()


def test_participant_sees_what_the_others_bring(bob_client, shared_trip, alice):
    make_item(shared_trip, alice, "Alice's hammock")
    content = bob_client.get(shared_trip.get_absolute_url()).content.decode()
    assert "Alice's list" in content
    assert "Alice&#x27;s hammock" in content


def test_trip_list_sorts_upcoming_past_and_templates(alice_client, alice):
    make_trip(alice, name="Next weekend")
    make_trip(alice, name="Last summer", starts_in=-300)
    make_trip(alice, name="Summer weekend", is_template=True)
    response = alice_client.get(reverse("packertracker:trip_list"))
    assert [t.name for t in response.context["upcoming"]] == ["Next weekend"]
    assert [t.name for t in response.context["past"]] == ["Last summer"]
    assert [t.name for t in response.context["templates"]] == ["Summer weekend"]


@pytest.mark.parametrize("odd", ["²", "x1", "-1"])
def test_odd_trip_id_to_start_from_is_ignored(alice_client, odd):
    response = alice_client.get(reverse("packertracker:trip_create"), {"from": odd})
    assert response.status_code == 200
    assert response.context["form"].initial == {}
