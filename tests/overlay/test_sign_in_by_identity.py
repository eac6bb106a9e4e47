"""People reach the site through their tunneler and are signed in by their overlay identity."""

from datetime import timedelta

import pytest
from django.utils import timezone

from toolpool.models import Loan, Tool

from .conftest import http_get

pytestmark = [pytest.mark.overlay, pytest.mark.django_db(transaction=True)]


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
