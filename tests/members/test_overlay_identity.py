"""The middleware half of sign-in by overlay identity (the runner half is tested on the overlay)."""

from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

KEY = settings.OVERLAY_IDENTITY_ENVIRON_KEY


def test_linked_identity_is_signed_in_without_password(client, alice):
    alice.ziti_identity = "alice-phone"
    alice.save()
    response = client.get(reverse("home"), **{KEY: "alice-phone"})
    assert response.status_code == 200
    assert response.context["user"] == alice


def test_unlinked_identity_sees_ask_the_admin_page_not_a_password_form(client, admin):
    response = client.get(reverse("home"), **{KEY: "stranger-laptop"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "not linked to a member yet" in body
    assert "Admin" in body
    assert 'type="password"' not in body


def test_deactivated_member_is_refused_even_with_valid_identity(client, alice):
    alice.ziti_identity = "alice-phone"
    alice.is_active = False
    alice.save()
    response = client.get(reverse("home"), **{KEY: "alice-phone"})
    assert response.status_code == 403


def test_identity_cannot_come_from_an_http_header(client, alice):
    alice.ziti_identity = "alice-phone"
    alice.save()
    header = "HTTP_" + KEY.upper().replace(".", "_")
    response = client.get(
        reverse("home"), **{header: "alice-phone", "HTTP_FAMILY_TOOLS_ZITI_IDENTITY": "alice-phone"}
    )
    assert response.status_code == 302


def test_environ_key_is_not_an_http_header_name():
    request = RequestFactory().get("/", HTTP_X_ZITI_IDENTITY="alice-phone")
    assert KEY not in request.environ
    assert not KEY.startswith("HTTP_")
