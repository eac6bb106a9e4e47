"""The site's form script on a phone: long text is refused with a message instead of being cut
short, and after a failed submit the first field in error has the focus."""

from playwright.sync_api import expect

from members.models import Invitation, Member
from tests.browser import in_chromium

pytestmark = in_chromium

PASSWORD = "a long enough secret 42"


def open_invitation(live_server, page, admin):
    invitation = Invitation.objects.create(invited_name="Rita", invited_by=admin)
    page.goto(live_server.url + invitation.get_absolute_url())
    return invitation


def test_a_name_over_its_limit_is_kept_whole_and_refused_with_a_message(live_server, phone, admin):
    _, page = phone
    open_invitation(live_server, page, admin)
    limit = page.locator("#id_display_name_limit")
    expect(limit).to_have_text("At most 60 characters.")

    page.fill("#id_display_name", "R" * 70)
    assert page.input_value("#id_display_name") == "R" * 70
    expect(limit).to_have_text("At most 60 characters: this has 70.")
    page.fill("#id_username", "rita")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_again", PASSWORD)
    page.click("text=Join the family")
    assert page.evaluate("document.activeElement.id") == "id_display_name"
    assert not Member.objects.filter(username="rita").exists()

    page.fill("#id_display_name", "Aunt Rita")
    expect(limit).to_have_text("At most 60 characters.")


def test_after_a_failed_submit_the_first_field_in_error_has_the_focus(live_server, phone, admin):
    _, page = phone
    open_invitation(live_server, page, admin)
    page.fill("#id_display_name", "Aunt Rita")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_again", "something else 42")
    page.click("text=Join the family")
    expect(page.locator(".field-error").first).to_contain_text("That user name is taken")
    assert page.evaluate("document.activeElement.id") == "id_username"
