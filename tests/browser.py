"""Browser tests on a phone-sized page in Debian's chromium, driven by Playwright (the
``phone`` fixture in tests/conftest.py). .ci/run installs chromium; elsewhere the tests say what
they need and skip."""

import shutil

import pytest

CHROMIUM = shutil.which("chromium")
PHONE = {"width": 390, "height": 844}

in_chromium = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="needs Debian's chromium: apt-get install chromium"
    ),
    pytest.mark.django_db(transaction=True),
]


def sign_in(page, base_url, username, password):
    page.goto(base_url + "/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
