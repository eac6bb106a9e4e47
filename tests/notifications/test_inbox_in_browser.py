"""The inbox on a phone: it fits the screen, and a tap leads to the loan and reads it."""

from tests.conftest import PASSWORD

# The phone fixture, and the skip without chromium, are those of the packing test.
from tests.packertracker.test_packing_in_browser import phone, pytestmark  # noqa: F401
from tests.toolpool.conftest import days
from toolpool.models import Tool


def test_on_a_phone_the_inbox_fits_and_a_tap_opens_the_loan_and_reads_it(
    live_server,
    phone,  # noqa: F811 (the fixture imported above)
    alice,
    bob,
):
    drill = Tool.objects.create(owner=alice, name="Cordless drill with a rather long name")
    loan = drill.ask_to_borrow(bob, days(1), days(3), "For the shelf in the hall")
    context, page = phone
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/sign-in/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")

    page.click("a.inbox-link")
    assert page.locator("a.inbox-link .badge").inner_text() == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    item = page.locator(".notification-unread a").first
    assert item.bounding_box()["height"] >= 24  # a tap target, not a thin line
    item.click()
    page.wait_for_url(live_server.url + loan.get_absolute_url())
    assert page.locator("a.inbox-link .badge").count() == 0
