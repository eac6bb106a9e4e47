"""The runner's WSGI wrapper, on its own: the overlay network tests drive it for real."""

import logging

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from django.urls import reverse

from family_tools.overlay import with_overlay_identity

# The real WSGI handler closes the database connection after each request.
pytestmark = pytest.mark.django_db(transaction=True)


def call(app, path, remote_addr):
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = status

    request_environ = RequestFactory().get(path, REMOTE_ADDR=remote_addr).environ
    body = b"".join(app(request_environ, start_response))
    return captured["status"], body, request_environ


def test_wrapper_signs_in_the_member_linked_to_the_caller(alice):
    alice.ziti_identity = "alice-phone"
    alice.save()
    app = with_overlay_identity(WSGIHandler())
    status, body, environ = call(app, reverse("home"), "alice-phone")
    assert status.startswith("200")
    assert environ[settings.OVERLAY_IDENTITY_ENVIRON_KEY] == "alice-phone"
    assert b"Alice" in body


def test_wrapper_logs_one_line_per_request_with_the_caller(db, caplog):
    app = with_overlay_identity(WSGIHandler())
    with caplog.at_level(logging.INFO, logger="family_tools.overlay"):
        call(app, "/healthz", "bob-laptop")
    lines = [r.getMessage() for r in caplog.records if r.name == "family_tools.overlay"]
    assert len(lines) == 1
    assert lines[0].startswith("bob-laptop GET /healthz 200 ")


def test_plain_wsgi_app_never_sets_the_identity(alice):
    alice.ziti_identity = "127.0.0.1"
    alice.save()
    status, _, environ = call(WSGIHandler(), reverse("home"), "127.0.0.1")
    assert settings.OVERLAY_IDENTITY_ENVIRON_KEY not in environ
    assert status.startswith("302")
