"""Packing ticks in a real browser: one tap, no page load, and nothing lost offline."""

import os
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from tests.browser import CHROMIUM, PHONE, in_chromium, sign_in
from tests.conftest import PASSWORD

from .conftest import make_item, make_trip

pytestmark = in_chromium

# Over the overlay the site is plain http to family.tools.ziti: not a secure context. Chromium
# is told that name is the test server, so the page is what a phone on the overlay gets.
OVERLAY_HOST = "family.tools.ziti"


@pytest.fixture
def overlay_phone():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                f"--host-resolver-rules=MAP {OVERLAY_HOST} 127.0.0.1",
            ],
        )
        context = browser.new_context(viewport=PHONE)
        yield context, context.new_page()
        browser.close()


def test_tick_is_saved_without_a_page_load(live_server, phone, alice, bob):
    trip = make_trip(alice, bob)
    stove = make_item(trip, alice, "Stove")
    context, page = phone
    sign_in(page, live_server.url, "alice", PASSWORD)
    page.goto(live_server.url + trip.get_absolute_url())
    page.evaluate("window.stillTheSamePage = true")

    toggle = page.locator(f"#item-{stove.pk} button.pack-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-checked", "true")
    expect(page.locator("[data-tick-status]")).to_contain_text("All ticks saved")
    assert page.evaluate("window.stillTheSamePage") is True
    stove.refresh_from_db()
    assert stove.packed
    expect(page.locator(f"#progress-{alice.pk}")).to_contain_text("All packed")


def test_ticks_made_offline_survive_a_closed_tab_and_are_sent_once_back_online(
    live_server, overlay_phone, alice, bob
):
    trip = make_trip(alice, bob)
    tent, stove, mat, lamp = (
        make_item(trip, alice, name) for name in ["Tent", "Stove", "Mat", "Lamp"]
    )
    base = f"http://{OVERLAY_HOST}:{urlsplit(live_server.url).port}"
    context, page = overlay_phone
    sign_in(page, base, "alice", PASSWORD)
    page.goto(base + trip.get_absolute_url())
    assert page.evaluate("window.isSecureContext") is False

    context.set_offline(True)
    for item in (tent, stove, mat, lamp):
        page.locator(f"#item-{item.pk} button.pack-toggle").click()
        expect(page.locator(f"#item-{item.pk}")).to_have_class("item is-packed is-waiting")
    expect(page.locator("[data-tick-status]")).to_contain_text("4 ticks waiting to be sent")
    page.close()
    for item in (tent, stove, mat, lamp):
        item.refresh_from_db()
        assert not item.packed
    # Meanwhile, from another device that had a connection: the lamp stays at home.
    lamp.set_packed(False, timezone.now() + timedelta(seconds=1))

    context.set_offline(False)
    page = context.new_page()
    page.goto(base + trip.get_absolute_url())
    expect(page.locator("[data-tick-status]")).to_contain_text("All ticks saved")
    for item in (tent, stove, mat):
        item.refresh_from_db()
        assert item.packed
        assert timezone.now() - item.packed_changed_at < timedelta(minutes=1)
    lamp.refresh_from_db()
    assert not lamp.packed
    expect(page.locator(f"#item-{lamp.pk} button.pack-toggle")).to_have_attribute(
        "aria-checked", "false"
    )
    expect(page.locator(f"#progress-{alice.pk}")).to_contain_text("3 of 4 packed")


def test_on_localhost_a_service_worker_opens_the_trip_page_offline(live_server, phone, alice, bob):
    trip = make_trip(alice, bob)
    make_item(trip, alice, "Tent")
    context, page = phone
    sign_in(page, live_server.url, "alice", PASSWORD)
    page.goto(live_server.url + trip.get_absolute_url())
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now through the worker, which keeps a copy
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text(trip.name)
