"""Packing ticks in a real browser: one tap, no page load, and nothing lost offline."""

from playwright.sync_api import expect

from tests.browser import in_chromium, sign_in
from tests.conftest import PASSWORD

from .conftest import make_item, make_trip

pytestmark = in_chromium


def test_tick_is_saved_without_a_page_load_and_an_offline_tick_is_not_shown_as_saved(
    live_server, phone, alice, bob
):
    trip = make_trip(alice, bob)
    stove = make_item(trip, alice, "Stove")
    context, page = phone
    sign_in(page, live_server.url, "alice", PASSWORD)
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
