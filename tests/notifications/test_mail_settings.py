"""Mail and notification settings come from the environment, parsed strictly."""

import pytest

from tests.test_settings import start

PRINT_MAIL_SETTINGS = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'family_tools.settings'; "
    "django.setup(); from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_ENABLED, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
    "s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL, "
    "s.NOTIFICATION_KEEP_READ_DAYS, s.NOTIFICATION_DIGEST_HOUR)"
)


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("EMAIL_PORT", "smtp", "EMAIL_PORT='smtp' is not an integer"),
        ("EMAIL_PORT", "70000", "EMAIL_PORT='70000' must be at most 65535"),
        ("EMAIL_USE_TLS", "maybe", "EMAIL_USE_TLS='maybe' is not on or off"),
        ("NOTIFICATION_KEEP_READ_DAYS", "0", "NOTIFICATION_KEEP_READ_DAYS='0' must be at least 1"),
        ("NOTIFICATION_DIGEST_HOUR", "24", "NOTIFICATION_DIGEST_HOUR='24' must be at most 23"),
    ],
)
def test_a_bad_mail_setting_stops_the_start_naming_it(variable, value, message):
    result = start({variable: value}, "manage.py", "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_mail_goes_through_the_configured_smtp_server():
    env = {
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": "465",
        "EMAIL_HOST_USER": "family",
        "EMAIL_HOST_PASSWORD": "pw",
        "EMAIL_USE_TLS": "no",
        "DEFAULT_FROM_EMAIL": "tools@example.org",
        "NOTIFICATION_KEEP_READ_DAYS": "10",
        "NOTIFICATION_DIGEST_HOUR": "18",
    }
    result = start(env, "-c", PRINT_MAIL_SETTINGS)
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "True",
        "mail.example.org",
        "465",
        "family",
        "pw",
        "False",
        "tools@example.org",
        "10",
        "18",
    ], result.stderr


def test_without_a_mail_server_mail_is_off_and_printed_in_development():
    off = start({}, "-c", PRINT_MAIL_SETTINGS).stdout.split()
    assert off[:2] == ["django.core.mail.backends.console.EmailBackend", "False"]
    development = start({"DEBUG": "1"}, "-c", PRINT_MAIL_SETTINGS).stdout.split()
    assert development[:2] == ["django.core.mail.backends.console.EmailBackend", "True"]
