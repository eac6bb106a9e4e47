"""The shared set of people every test can use: an admin, alice and bob."""

import os

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, settings
from playwright.sync_api import sync_playwright

from members.models import Member
from tests.browser import CHROMIUM, PHONE

PASSWORD = "correct horse battery staple"

# Generated input stays a small, fixed cost of the suite: ten examples per test. The pytest
# fixtures' rows are shared by a test's examples, which each check their own writes.
# HYPOTHESIS_PROFILE=thorough tries many more, to look for new failures.
settings.register_profile(
    "family_tools",
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("thorough", settings.get_profile("family_tools"), max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "family_tools"))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every test makes members with passwords; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_member(db):
    def make(username, *, admin=False, **fields):
        fields.setdefault("display_name", username.capitalize())
        member = Member(username=username, is_staff=admin, is_superuser=admin, **fields)
        member.set_password(PASSWORD)
        member.save()
        return member

    return make


@pytest.fixture
def admin(make_member):
    return make_member("admin", admin=True, display_name="Admin")


@pytest.fixture
def alice(make_member):
    return make_member("alice")


@pytest.fixture
def bob(make_member):
    return make_member("bob")


def signed_in(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def admin_client(admin):
    return signed_in(admin)


@pytest.fixture
def alice_client(alice):
    return signed_in(alice)


@pytest.fixture
def bob_client(bob):
    return signed_in(bob)


def row_counts():
    """How many rows each model's table holds, for tests that show a request wrote nothing."""
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def writes(queries):
    """The statements among captured queries that change the database."""
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]


@pytest.fixture
def phone():
    """(browser context, page) in chromium, sized like a phone; see tests/browser.py."""
    # Playwright keeps an event loop in this thread; the test itself only reads the database.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(viewport=PHONE)
        yield context, context.new_page()
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
