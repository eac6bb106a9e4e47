"""People, invitations and the audit log on a 390 px phone: stacked cards, thumb-sized buttons."""

import pytest

from members.models import AuditEvent, Invitation
from tests.browser import PHONE, in_chromium, sign_in
from tests.conftest import PASSWORD

pytestmark = in_chromium

THUMB = 44  # px: the smallest target a thumb hits reliably


@pytest.mark.parametrize("path", ["/people/", "/audit/"])
def test_admin_pages_fit_a_phone_as_stacked_cards(live_server, phone, admin, make_member, path):
    for name in ("rosalind-with-a-long-name", "bartholomew"):
        member = make_member(name, ziti_identity=f"{name}-phone-with-a-long-identity-name")
        AuditEvent.objects.record(member, "signin.failed", f"failed sign-in as “{name}” " * 4)
    Invitation.objects.create(
        invited_name="Aunt Rita from the other side of town", invited_by=admin
    )
    _, page = phone
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(live_server.url + path)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    rows = page.locator("table.stack tbody tr")
    assert rows.count() >= 2
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"]  # one card below the other
    assert first["width"] <= PHONE["width"]
    for button in page.locator("main button, main a.button").all():
        if button.is_visible():
            assert button.bounding_box()["height"] >= THUMB, button.inner_text()
