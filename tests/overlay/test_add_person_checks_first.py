"""ziti/add-person.sh asks the site before it touches the controller (no network needed here)."""

import os
import subprocess

import pytest

from .conftest import SCRIPTS
from .conftest import test_database_url as database_url

# The script's manage.py runs in its own process and reads the committed test database.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def add_person(tmp_path):
    """Runs add-person.sh with a ziti CLI that only records that it was called."""
    calls = tmp_path / "ziti-calls"
    fake_ziti = tmp_path / "ziti"
    fake_ziti.write_text(f'#!/bin/sh\necho "$*" >>{calls}\nexit 1\n')
    fake_ziti.chmod(0o755)
    env = {
        **os.environ,
        "ZITI_BIN": str(fake_ziti),
        "ZITI_CONFIG_DIR": str(tmp_path / "cli"),
        "ZITI_IDENTITIES_DIR": str(tmp_path / "identities"),
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        "SECRET_KEY": "tests-only",
    }

    def run(*args):
        result = subprocess.run(
            [str(SCRIPTS / "add-person.sh"), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        return result.returncode, result.stderr, calls.exists()

    return run


def test_a_name_too_long_to_arrive_whole_is_refused_before_the_controller_is_asked(
    add_person, alice
):
    code, said, asked_controller = add_person("alice", "alice-" + "x" * 122)  # 128 bytes
    assert code == 1
    assert "at most 127 bytes long (UTF-8), this one has 128" in said
    assert "nothing was created on the controller" in said
    assert not asked_controller
    alice.refresh_from_db()
    assert alice.ziti_identity is None


def test_an_identity_of_another_member_is_refused_before_the_controller_is_asked(
    add_person, alice, bob
):
    bob.ziti_identity = "family-tablet"
    bob.save()
    code, said, asked_controller = add_person("alice", "family-tablet")
    assert code == 1
    assert "family-tablet is already linked to Bob." in said
    assert not asked_controller


def test_an_unknown_member_is_refused_before_the_controller_is_asked(add_person, db):
    code, said, asked_controller = add_person("ghost", "ghost-phone")
    assert code == 1
    assert "No member with the user name “ghost”" in said
    assert not asked_controller
