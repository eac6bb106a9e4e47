"""The inbox on a phone: it fits the screen, and a tap leads to the loan and reads it."""

from tests.browser import in_chromium, sign_in
from tests.conftest import PASSWORD
from tests.toolpool.conftest import days
from toolpool.models import Tool

pytestmark = in_chromium


def test_on_a_phone_the_inbox_fits_and_a_tap_opens_the_loan_and_reads_it(
    live_server,
    phone,
    alice,
    bob,
):
    drill = Tool.objects.create(owner=alice, name="Cordless drill with a rather long name")
    loan = drill.ask_to_borrow(bob, days(1), days(3), "For the shelf in the hall")
    context, page = phone
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server.url, "alice", PASSWORD)

    page.click("a.inbox-link")
    assert page.locator("a.inbox-link .badge").inner_text() == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    item = page.locator(".notification-unread a").first
    assert item.bounding_box()["height"] >= 24  # a tap target, not a thin line
    item.click()
    page.wait_for_url(live_server.url + loan.get_absolute_url())
    assert page.locator("a.inbox-link .badge").count() == 0
