"""The whole life of a loan that goes wrong, at phone size in chromium: ask, approve, hand over
from the label's page, a return that says it needs repair, the owner's repair, and the loan that
waited on hold picked up."""

from datetime import timedelta

from django.db.models import F
from playwright.sync_api import expect

from tests.browser import in_chromium, sign_in
from tests.conftest import PASSWORD
from toolpool.models import Loan, Service

pytestmark = in_chromium


def as_member(context, page, live_server, username):
    context.clear_cookies()
    sign_in(page, live_server.url, username, PASSWORD)


def test_a_tool_returned_broken_is_repaired_and_the_held_loan_picked_up(
    live_server, phone, alice, bob, make_member, drill, make_loan
):
    carol = make_member("carol")
    held = make_loan(drill, carol, start=1, end=2, status=Loan.Status.APPROVED)
    context, page = phone
    tool_page = live_server.url + drill.get_absolute_url()

    # Bob asks for it for today; Alice approves from her home page.
    as_member(context, page, live_server, "bob")
    page.goto(tool_page)
    page.get_by_label("Until").fill(page.get_by_label("From").input_value())
    page.get_by_role("button", name="Ask Alice").click()
    as_member(context, page, live_server, "alice")
    page.get_by_role("button", name="Approve Bob’s request").click()

    # Alice scans the label and hands it over.
    page.goto(live_server.url + f"/tools/{drill.pk}/scan/")
    page.get_by_role("link", name="Hand over to Bob").click()
    page.get_by_role("button", name="Hand it over").click()
    expect(page.get_by_text("It is out.")).to_be_visible()

    # Bob brings it back broken: Carol's approved loan goes on hold.
    as_member(context, page, live_server, "bob")
    page.goto(tool_page)
    page.get_by_role("link", name="Return it").click()
    page.get_by_label("Condition").select_option(label="Needs repair")
    page.get_by_label("Note").fill("The chuck is stuck.")
    page.get_by_role("button", name="It is back").click()
    held.refresh_from_db()
    assert held.status == Loan.Status.ON_HOLD
    expect(page.get_by_role("heading", name="Needs repair")).to_be_visible()

    # Alice sees it first on her home page and logs the repair.
    as_member(context, page, live_server, "alice")
    expect(page.get_by_role("heading", name="Waiting for a repair")).to_be_visible()
    page.get_by_role("link", name="Cordless drill").first.click()
    page.get_by_label("What was done").fill("New chuck fitted.")
    page.get_by_label("It works again").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Cordless drill can be borrowed again.")).to_be_visible()
    drill.refresh_from_db()
    held.refresh_from_db()
    assert (drill.service, held.status) == (Service.OK, Loan.Status.APPROVED)

    # The next day Carol comes for it: the label offers Alice the hand-over to her.
    day = timedelta(days=1)
    Loan.objects.update(start=F("start") - day, end=F("end") - day)
    page.goto(live_server.url + f"/tools/{drill.pk}/scan/")
    page.get_by_role("link", name="Hand over to Carol").click()
    page.get_by_role("button", name="Hand it over").click()
    expect(page.get_by_text("It is out.")).to_be_visible()
    held.refresh_from_db()
    assert held.status == Loan.Status.OUT
