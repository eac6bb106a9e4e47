"""The middleware half of sign-in by overlay identity (the runner half is tested on the overlay)."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import AuditEvent
from tests.conftest import PASSWORD, row_counts, writes

KEY = settings.OVERLAY_IDENTITY_ENVIRON_KEY
ALICE_PHONE = {KEY: "alice-phone"}
PAGES = ["home", "toolpool:tool_list", "packertracker:trip_list", "members:profile"]


@pytest.fixture
def alice_phone(alice):
    alice.ziti_identity = "alice-phone"
    alice.save()
    return alice


def axes_rows():
    return sum(model.objects.count() for model in (AccessAttempt, AccessLog, AccessFailureLog))


def test_linked_identity_is_signed_in_without_password(client, alice_phone):
    response = client.get(reverse("home"), **ALICE_PHONE)
    assert response.status_code == 200
    assert response.context["user"] == alice_phone


def test_requests_by_identity_write_nothing_once_the_device_is_known(client, alice_phone):
    first = client.get(reverse("home"), **ALICE_PHONE)
    assert first.status_code == 200
    assert AuditEvent.objects.filter(action="signin.new_device").count() == 1
    events_after_first = AuditEvent.objects.count()

    with CaptureQueriesContext(connection) as queries:
        for page in PAGES * 10:
            response = Client().get(reverse(page), **ALICE_PHONE)
            assert response.status_code == 200, page
            assert response.context["user"] == alice_phone
    assert writes(queries.captured_queries) == []
    assert Session.objects.count() == 0
    assert axes_rows() == 0
    assert AuditEvent.objects.count() == events_after_first == 1


def test_a_new_device_is_audited_once_and_counts_as_a_sign_in(client, alice_phone):
    assert alice_phone.last_login is None
    for _ in range(3):
        client.get(reverse("home"), **ALICE_PHONE)
    event = AuditEvent.objects.get()
    assert (event.actor, event.action) == (alice_phone, "signin.new_device")
    assert "alice-phone" in event.summary
    alice_phone.refresh_from_db()
    signed_in_at = alice_phone.last_login
    assert signed_in_at is not None

    alice_phone.ziti_identity = "alice-tablet"
    alice_phone.save()
    client.get(reverse("home"), **{KEY: "alice-tablet"})
    client.get(reverse("home"), **{KEY: "alice-tablet"})
    assert AuditEvent.objects.filter(action="signin.new_device").count() == 2
    alice_phone.refresh_from_db()
    assert alice_phone.last_login > signed_in_at


def test_identity_wins_over_another_members_session_which_stays_untouched(bob_client, alice_phone):
    bob_session = Session.objects.get()
    response = bob_client.get(reverse("home"), **ALICE_PHONE)
    assert response.context["user"] == alice_phone
    assert list(Session.objects.values_list("session_key", "session_data", "expire_date")) == [
        (bob_session.session_key, bob_session.session_data, bob_session.expire_date)
    ]
    assert bob_client.get(reverse("home")).context["user"].username == "bob"


def test_unlinked_identity_sees_ask_the_admin_page_not_a_password_form(client, admin):
    response = client.get(reverse("home"), **{KEY: "stranger-laptop"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "not linked to a member yet" in body
    assert "Admin" in body
    assert 'type="password"' not in body


def test_unlinked_identity_is_nobody_even_with_a_members_session(bob_client, admin):
    before = row_counts()
    response = bob_client.get(reverse("home"), **{KEY: "stranger-laptop"})
    assert response.status_code == 403
    assert response.context["user"].is_anonymous
    assert row_counts() == before
    assert bob_client.get(reverse("home")).context["user"].username == "bob"


def test_deactivated_member_is_refused_even_with_valid_identity(client, alice_phone):
    alice_phone.is_active = False
    alice_phone.save()
    response = client.get(reverse("home"), **ALICE_PHONE)
    assert response.status_code == 403
    assert "not linked to a member yet" in response.content.decode()


def test_a_form_posted_over_the_overlay_passes_csrf_and_its_message_shows_next(alice_phone):
    browser = Client(enforce_csrf_checks=True)
    form_page = browser.get(reverse("members:profile"), **ALICE_PHONE)
    token = str(form_page.context["csrf_token"])
    edit = {"display_name": "Alice B.", "email": ""}
    refused = browser.post(reverse("members:profile"), edit, **ALICE_PHONE)
    assert refused.status_code == 403

    saved = browser.post(
        reverse("members:profile"), {**edit, "csrfmiddlewaretoken": token}, **ALICE_PHONE
    )
    assert saved.status_code == 302
    next_page = browser.get(saved.url, **ALICE_PHONE)
    assert "Your profile is saved." in next_page.content.decode()
    assert "Your profile is saved." not in browser.get(saved.url, **ALICE_PHONE).content.decode()
    alice_phone.refresh_from_db()
    assert alice_phone.display_name == "Alice B."
    assert Session.objects.count() == 0


def test_overlay_caller_changes_their_password_without_getting_a_session(client, alice_phone):
    new_password = "a different long secret 43"
    response = client.post(
        reverse("members:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
        **ALICE_PHONE,
    )
    assert response.status_code == 302
    assert response.url == reverse("members:profile")
    alice_phone.refresh_from_db()
    assert alice_phone.check_password(new_password)
    assert Session.objects.count() == 0
    assert client.get(reverse("home"), **ALICE_PHONE).context["user"] == alice_phone


def test_sign_out_over_the_overlay_explains_that_the_device_stays_signed_in(client, alice_phone):
    home = client.get(reverse("home"), **ALICE_PHONE).content.decode()
    assert f'action="{reverse("members:logout")}"' not in home
    assert "Signed in by this device's overlay identity" in home

    response = client.post(reverse("members:logout"), **ALICE_PHONE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "This device stays signed in" in body and "alice-phone" in body
    assert not AuditEvent.objects.filter(action="signin.signed_out").exists()
    assert client.get(reverse("home"), **ALICE_PHONE).context["user"] == alice_phone


def test_password_session_signs_out_as_before(alice_client):
    response = alice_client.post(reverse("members:logout"))
    assert response.status_code == 302
    assert Session.objects.count() == 0
    assert AuditEvent.objects.filter(action="signin.signed_out").exists()
    assert alice_client.get(reverse("home")).status_code == 302


def test_identity_cannot_come_from_an_http_header(client, alice_phone):
    header = "HTTP_" + KEY.upper().replace(".", "_")
    response = client.get(
        reverse("home"), **{header: "alice-phone", "HTTP_FAMILY_TOOLS_ZITI_IDENTITY": "alice-phone"}
    )
    assert response.status_code == 302


def test_environ_key_is_not_an_http_header_name():
    request = RequestFactory().get("/", HTTP_X_ZITI_IDENTITY="alice-phone")
    assert KEY not in request.environ
    assert not KEY.startswith("HTTP_")
