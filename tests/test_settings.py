"""Settings come from the environment, and a value that is not a number stops the start."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def start(env, *command):
    return subprocess.run(
        [sys.executable, *command],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "0", "SECRET_KEY": "settings-test", **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("ZITI_WORKERS", "two", "ZITI_WORKERS='two' is not an integer"),
        ("ZITI_WORKERS", "0", "ZITI_WORKERS='0' must be at least 1"),
        ("ZITI_TIMEOUT_SECONDS", "soon", "ZITI_TIMEOUT_SECONDS='soon' is not a number"),
        ("ZITI_HEARTBEAT_TIMEOUT_SECONDS", "1", "must be at least 2"),
        ("SIGNIN_FAILURE_LIMIT", "5x", "SIGNIN_FAILURE_LIMIT='5x' is not an integer"),
        ("MAX_UPLOAD_MB", "-1", "MAX_UPLOAD_MB='-1' must be at least 1"),
        ("SIGN_IN_LINK_VALID_MINUTES", "an hour", "SIGN_IN_LINK_VALID_MINUTES='an hour' is not"),
        ("SIGN_IN_LINK_VALID_MINUTES", "0", "SIGN_IN_LINK_VALID_MINUTES='0' must be at least 1"),
        ("EMAIL_PORT", "smtp", "EMAIL_PORT='smtp' is not an integer"),
        ("PHOTOS_AT_ONCE", "0", "PHOTOS_AT_ONCE='0' must be at least 1"),
        ("PHOTO_WAIT_SECONDS", "a while", "PHOTO_WAIT_SECONDS='a while' is not a number"),
        ("SITE_HOST", "http://tools.ziti/", "SITE_HOST='http://tools.ziti/' is not a host name"),
    ],
)
def test_a_setting_that_is_not_a_number_stops_the_start_naming_it(variable, value, message):
    result = start({variable: value}, "manage.py", "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_run_ziti_says_which_setting_is_wrong_in_one_line():
    result = start({"ZITI_THREADS": "many"}, "run_ziti.py", "--identity", "x.json")
    assert result.returncode == 2
    assert result.stderr.strip() == "run_ziti: error: ZITI_THREADS='many' is not an integer"


def test_numbers_in_the_environment_are_used():
    result = start(
        {"ZITI_WORKERS": " 3 ", "ZITI_TIMEOUT_SECONDS": "2.5"},
        "-c",
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'family_tools.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.ZITI_WORKERS, settings.ZITI_TIMEOUT_SECONDS)",
    )
    assert result.stdout.split() == ["3", "2.5"], result.stderr


def test_a_one_off_command_runs_without_the_secret_key_with_debug_off(tmp_path):
    env = {"DATA_DIR": str(tmp_path), "SECRET_KEY": ""}
    assert start(env, "manage.py", "migrate", "--noinput").returncode == 0
    result = start(env, "manage.py", "demo_data")
    assert result.returncode == 0, result.stderr
    assert "Demo family ready" in result.stdout


@pytest.mark.parametrize("command", [("manage.py", "check"), ("manage.py", "runserver")])
def test_serving_without_the_secret_key_still_stops_naming_it(tmp_path, command):
    result = start({"DATA_DIR": str(tmp_path), "SECRET_KEY": ""}, *command)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
