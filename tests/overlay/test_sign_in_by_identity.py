"""People reach the site through their tunneler and are signed in by their overlay identity."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import AuditEvent, Member
from tests.conftest import row_counts
from toolpool.models import Loan, Tool

from .conftest import http_get

pytestmark = [pytest.mark.overlay, pytest.mark.django_db(transaction=True)]

COUNTED = [
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "members.AuditEvent",
]


def test_enrolled_person_is_signed_in_and_sees_their_loans(
    overlay_network, start_runner, alice, bob
):
    saw = Tool.objects.create(owner=bob, name="Wet tile saw")
    today = timezone.localdate()
    Loan.objects.create(
        tool=saw, borrower=alice, start=today, end=today + timedelta(days=3), status="out"
    )
    identity = overlay_network.add_person("alice", "alice-phone")
    runner = start_runner()
    with overlay_network.proxy(identity) as (url, _):
        status, page = http_get(url + "/")
    assert status == 200, page
    assert "Alice" in page and "Wet tile saw" in page
    assert 'type="password"' not in page
    assert runner.request_pids("alice-phone")


def test_identity_linked_to_nobody_sees_ask_the_admin_page(overlay_network, start_runner, admin):
    identity = overlay_network.client_identity("kitchen-tablet")
    start_runner()
    with overlay_network.proxy(identity) as (url, _):
        status, page = http_get(url + "/")
    assert status == 403
    assert "not linked to a member yet" in page and "Admin" in page


def test_a_name_the_sdk_cuts_short_is_refused_not_taken_for_its_prefix(
    overlay_network, start_runner, alice
):
    name = "grandma-" + "x" * 129  # 137 characters: the SDK passes on the first 128
    identity = overlay_network.client_identity(name)
    Member.objects.filter(pk=alice.pk).update(ziti_identity=name[:128])  # linked before the limit
    runner = start_runner()
    with overlay_network.proxy(identity) as (url, _):
        status, page = http_get(url + "/")
    assert status == 403, page
    assert "not linked to a member yet" in page
    assert "for a new identity with a shorter name" in page
    assert "Alice" not in page
    assert f"family_tools.overlay {name[:128]} GET / 403" in runner.text()
    assert name not in runner.text()


def test_health_checks_and_page_loads_over_the_overlay_write_no_sign_in_rows(
    overlay_network, start_runner, alice
):
    identity = overlay_network.add_person("alice", "alice-counted")
    start_runner()
    with overlay_network.proxy(identity) as (url, _):
        assert http_get(url + "/")[0] == 200  # this device's first sign-in, audited once
        assert AuditEvent.objects.filter(action="signin.new_device").count() == 1
        before = row_counts()
        health = [http_get(url + "/healthz")[0] for _ in range(50)]
        pages = [http_get(url + path)[0] for path in ["/", "/tools/", "/trips/", "/me/"] * 5]
    after = row_counts()
    print(
        "\n[overlay] after 50 /healthz and 20 pages: "
        + ", ".join(f"{label} {after[label] - before[label]:+d}" for label in COUNTED)
    )
    assert health == [200] * 50
    assert pages == [200] * 20
    assert after == before
    assert after["sessions.Session"] == 0
