"""Packing ticks in a real browser: one tap, no page load, and nothing lost offline.

Debian's chromium driven by Playwright; .ci/run installs chromium, elsewhere the test says
what it needs and skips.
"""

import os
import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import PASSWORD

from .conftest import make_item, make_trip

CHROMIUM = shutil.which("chromium")

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="needs Debian's chromium: apt-get install chromium"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def phone():
    # Playwright keeps an event loop in this thread; the test itself only reads the database.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(viewport={"width": 390, "height": 844})
        yield context, context.new_page()
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def test_tick_is_saved_without_a_page_load_and_an_offline_tick_is_not_shown_as_saved(
    live_server, phone, alice, bob
):
    trip = make_trip(alice, bob)
    stove = make_item(trip, alice, "Stove")
    context, page = phone
    page.goto(live_server.url + "/sign-in/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(live_server.url + trip.get_absolute_url())
    page.evaluate("window.stillTheSamePage = true")

    toggle = page.locator(f"#item-{stove.pk} button.pack-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-checked", "true")
    assert page.evaluate("window.stillTheSamePage") is True
    stove.refresh_from_db()
    assert stove.packed

    context.set_offline(True)
    toggle.click()
    expect(page.locator(f"#item-{stove.pk} [data-pack-error]")).to_have_text(
        "Not saved: no connection. Tap again."
    )
    expect(toggle).to_have_attribute("aria-checked", "true")
    stove.refresh_from_db()
    assert stove.packed

    context.set_offline(False)
    toggle.click()
    expect(toggle).to_have_attribute("aria-checked", "false")
    expect(page.locator(f"#item-{stove.pk} [data-pack-error]")).to_have_text("")
    stove.refresh_from_db()
    assert not stove.packed
