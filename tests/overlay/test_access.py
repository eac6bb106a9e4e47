"""Who can open a connection at all is decided by the overlay, before any HTTP happens."""

import time

import pytest

from .conftest import http_get, wait_for

pytestmark = [pytest.mark.overlay, pytest.mark.django_db(transaction=True)]


def test_identity_without_dial_policy_cannot_open_a_connection(overlay_network, start_runner):
    stranger = overlay_network.bare_identity("stranger-laptop")
    runner = start_runner()
    with overlay_network.proxy(stranger, timeout=10) as (url, log):
        status, reason = http_get(url + "/")
    assert status is None, f"got an HTTP answer: {status}"
    assert "Connection refused" in reason, log.read_text()
    assert "stranger-laptop" not in runner.text()


def test_removed_person_cannot_connect_any_more(overlay_network, start_runner, bob):
    identity = overlay_network.add_person("bob", "bob-laptop")
    start_runner()
    with overlay_network.proxy(identity) as (url, _):
        assert http_get(url + "/")[0] == 200
        removed = time.monotonic()
        overlay_network.script("remove-person.sh", "bob-laptop")
        refused = wait_for(lambda: http_get(url + "/", timeout=5)[0] is None, timeout=60)
        print(f"\n[overlay] removed person refused after {time.monotonic() - removed:.1f} s")
    assert refused
    bob.refresh_from_db()
    assert bob.ziti_identity is None
