"""Who sees and changes what: pages × roles, on a shared and on a personal trip.

Admins get no special view of trips: a trip's lists are as private as the people on it want.
Trips one cannot see answer 404 rather than 403, so their ids cannot be probed.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in

from .conftest import make_item, make_trip

TRIP_PAGES = [
    "trip_detail",
    "add_items",
    "unpacked",
    "suggestions",
    "group_gear",
    "weights",
    "review",
    "checklist",
    "export_csv",
    "import_csv",
]
ORGANIZER_PAGES = ["trip_edit", "trip_delete"]

# role → (status on every trip page, status on the organizer's pages)
SHARED_TRIP_ROLES = {
    "organizer": (200, 200),
    "participant": (200, 403),
    "outsider": (404, 404),
    "admin": (404, 404),
}


@pytest.fixture
def client_for(admin, alice, bob, carol):
    people = {"organizer": alice, "participant": bob, "outsider": carol, "admin": admin}

    def client(role):
        return Client() if role == "anonymous" else signed_in(people[role])

    return client


@pytest.mark.parametrize("page", TRIP_PAGES + ORGANIZER_PAGES)
@pytest.mark.parametrize("role", list(SHARED_TRIP_ROLES))
def test_shared_trip_pages_by_role(client_for, shared_trip, page, role):
    trip_page_status, organizer_page_status = SHARED_TRIP_ROLES[role]
    expected = organizer_page_status if page in ORGANIZER_PAGES else trip_page_status
    response = client_for(role).get(reverse(f"packertracker:{page}", args=[shared_trip.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize("page", TRIP_PAGES + ORGANIZER_PAGES)
@pytest.mark.parametrize(
    "role, expected", [("organizer", 200), ("participant", 404), ("admin", 404)]
)
def test_personal_trip_is_its_owners_alone(client_for, personal_trip, page, role, expected):
    # bob ("participant") is on the shared trip only, not on alice's personal one
    response = client_for(role).get(reverse(f"packertracker:{page}", args=[personal_trip.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize("page", TRIP_PAGES + ORGANIZER_PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(client_for, shared_trip, page):
    response = client_for("anonymous").get(reverse(f"packertracker:{page}", args=[shared_trip.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("members:login"))


@pytest.mark.parametrize(
    "page", ["trip_list", "trip_create", "closet", "gear_create", "kit_create"]
)
def test_member_pages_need_sign_in(client, db, page):
    response = client.get(reverse(f"packertracker:{page}"))
    assert response.status_code == 302


def test_unknown_trip_looks_the_same_as_someone_elses(carol_client, shared_trip):
    hidden = carol_client.get(reverse("packertracker:trip_detail", args=[shared_trip.pk]))
    missing = carol_client.get(reverse("packertracker:trip_detail", args=[shared_trip.pk + 999]))
    assert hidden.status_code == missing.status_code == 404


def test_trip_list_shows_only_my_trips(client_for, shared_trip, personal_trip, bob):
    make_trip(bob, name="Bob's secret fishing trip")
    content = client_for("outsider").get(reverse("packertracker:trip_list")).content.decode()
    assert "Lake trip" not in content and "fishing" not in content

    content = client_for("participant").get(reverse("packertracker:trip_list")).content.decode()
    assert "Lake trip" in content
    assert "Solo hike" not in content


@pytest.mark.parametrize(
    "role, expected", [("organizer", 302), ("participant", 404), ("outsider", 404)]
)
def test_only_the_owner_ticks_an_item(client_for, shared_trip, alice, role, expected):
    item = make_item(shared_trip, alice)
    url = reverse("packertracker:item_packed", args=[shared_trip.pk, item.pk])
    response = client_for(role).post(url, {"packed": "true"})
    assert response.status_code == expected
    item.refresh_from_db()
    assert item.packed is (expected == 302)


@pytest.mark.parametrize("view", ["item_edit", "item_delete"])
@pytest.mark.parametrize("role", ["participant", "outsider", "admin"])
def test_nobody_else_edits_my_items(client_for, shared_trip, alice, view, role):
    item = make_item(shared_trip, alice)
    url = reverse(f"packertracker:{view}", args=[shared_trip.pk, item.pk])
    response = client_for(role).post(url, {"name": "Hijacked", "quantity": 1})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.name == "Tent"


def test_item_id_from_another_trip_is_not_found(alice_client, alice, shared_trip, personal_trip):
    item_elsewhere = make_item(personal_trip, alice)
    url = reverse("packertracker:item_packed", args=[shared_trip.pk, item_elsewhere.pk])
    assert alice_client.post(url, {"packed": "true"}).status_code == 404


@pytest.mark.parametrize(
    "view, args",
    [
        ("pick_from_closet", []),
        ("item_create", []),
        ("need_add", []),
        ("missing_add", []),
        ("participant_add", []),
    ],
)
def test_outsider_cannot_post_to_a_trip(carol_client, shared_trip, view, args):
    url = reverse(f"packertracker:{view}", args=[shared_trip.pk, *args])
    response = carol_client.post(url, {"name": "Sneaky", "quantity": 1, "amount": 1})
    assert response.status_code == 404
    assert not shared_trip.items.exists() and not shared_trip.group_needs.exists()


def test_participant_cannot_manage_participants(bob_client, shared_trip, carol):
    url = reverse("packertracker:participant_add", args=[shared_trip.pk])
    assert bob_client.post(url, {"member": carol.pk}).status_code == 403
    assert not shared_trip.participants.filter(pk=carol.pk).exists()


def test_admin_has_no_view_of_private_lists(admin_client, personal_trip):
    url = reverse("packertracker:trip_detail", args=[personal_trip.pk])
    assert admin_client.get(url).status_code == 404
