"""Error pages with DEBUG off: the site's layout, what happened, where to go next, no internals."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.error_urls import SECRET_DETAIL

pytestmark = pytest.mark.urls("tests.error_urls")


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


def assert_in_the_layout_without_internals(response, status, heading):
    assert response.status_code == status
    body = response.content.decode()
    assert 'class="site-header"' in body and "site.css" in body
    assert heading in body
    for internal in (SECRET_DETAIL, "Traceback", "/srv/", "settings.py", "DEBUG", "verification"):
        assert internal not in body
    return body


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/test-errors/400/", 400, "The site could not understand that request"),
        ("/test-errors/403/", 403, "This page is not for you"),
        ("/no/such/page/", 404, "There is nothing here"),
        ("/test-errors/500/", 500, "Something went wrong on our side"),
    ],
)
def test_the_error_pages_render_in_the_layout_with_debug_off(alice_client, path, status, heading):
    alice_client.raise_request_exception = False
    body = assert_in_the_layout_without_internals(alice_client.get(path), status, heading)
    if status in (403, 404):
        assert reverse("home") in body


def test_a_missing_page_sends_a_visitor_who_is_not_signed_in_to_the_sign_in_page(client, db):
    body = assert_in_the_layout_without_internals(
        client.get("/no/such/page/"), 404, "There is nothing here"
    )
    assert reverse("members:login") in body


def test_a_member_opening_an_admin_page_gets_the_friendly_403(alice_client):
    assert_in_the_layout_without_internals(
        alice_client.get(reverse("members:people")), 403, "This page is not for you"
    )


def test_a_form_sent_without_its_csrf_token_gets_a_page_saying_what_to_do(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("members:login"), {"username": "alice", "password": "x"})
    body = assert_in_the_layout_without_internals(response, 403, "That form had gone stale")
    assert "reload the page" in body


def test_an_unknown_host_gets_the_400_page(client, db):
    response = client.get(reverse("members:login"), HTTP_HOST="evil.example")
    assert_in_the_layout_without_internals(
        response, 400, "The site could not understand that request"
    )
