"""Each way run_ziti.py can be misconfigured ends in one clear line and a non-zero exit."""

import json

import pytest

from .conftest import free_port, run_ziti

pytestmark = pytest.mark.overlay


def assert_fails_with(network, message, *args):
    code, output = run_ziti(network, *args)
    assert code == 2, output
    assert message in output
    assert "Traceback" not in output


def test_missing_identity_file(overlay_network, tmp_path):
    missing = tmp_path / "nope.json"
    assert_fails_with(
        overlay_network, f"identity file {missing} does not exist", "--identity", missing
    )


def test_unreadable_identity_file(overlay_network, tmp_path):
    assert_fails_with(overlay_network, "cannot read identity file", "--identity", tmp_path)


def test_enrollment_token_given_instead_of_identity(overlay_network):
    jwt = overlay_network.home / "not-enrolled.jwt"
    overlay_network.ziti("edge", "create", "identity", "not-enrolled", "-o", jwt)
    assert_fails_with(
        overlay_network,
        "is an enrollment token (JWT), not an enrolled identity: enroll it first",
        "--identity",
        jwt,
    )


def test_controller_unreachable(overlay_network, tmp_path):
    identity = json.loads(overlay_network.server_identity.read_text())
    identity["ztAPI"] = f"https://127.0.0.1:{free_port()}"
    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps(identity))
    assert_fails_with(
        overlay_network,
        "cannot reach the Ziti controller at https://127.0.0.1:",
        "--identity",
        moved,
    )


def test_service_that_does_not_exist(overlay_network):
    assert_fails_with(
        overlay_network,
        "service 'no.such.service' does not exist",
        "--identity",
        overlay_network.server_identity,
        "--service",
        "no.such.service",
    )


def test_identity_without_bind_policy(overlay_network):
    person = overlay_network.client_identity("only-a-client")
    assert_fails_with(
        overlay_network,
        "may not bind service 'family.tools': check the Bind policy family.tools.bind",
        "--identity",
        person,
    )


def test_identity_with_no_service_at_all_times_out(overlay_network):
    lonely = overlay_network.bare_identity("no-services")
    assert_fails_with(
        overlay_network,
        "no policy gives it access to any service. Check the Bind policy family.tools.bind",
        "--identity",
        lonely,
        "--timeout",
        "5",
    )


def test_no_identity_given(overlay_network):
    assert_fails_with(
        overlay_network, "no identity file: pass --identity FILE or set ZITI_IDENTITY_FILE"
    )


def test_zero_workers(overlay_network):
    assert_fails_with(
        overlay_network,
        "--workers must be 1 or more, not 0",
        "--identity",
        overlay_network.server_identity,
        "--workers",
        "0",
    )


def test_reminders_every_negative_minutes(overlay_network):
    assert_fails_with(
        overlay_network,
        "--reminders-every must be 0 or more, not -1.0",
        "--identity",
        overlay_network.server_identity,
        "--reminders-every",
        "-1",
    )
