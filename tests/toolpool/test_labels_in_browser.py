"""Labels in a real browser: a sheet of ticked tools on the chosen paper, and a scan that acts."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import in_chromium, sign_in
from tests.conftest import PASSWORD
from toolpool.models import Loan

pytestmark = in_chromium

# Points (1/72 inch) of a page, as the PDF's MediaBox gives them.
PAPER_POINTS = {"A4": (595, 842), "Letter": (612, 792)}


def page_sizes(pdf):
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return {(round(float(width)), round(float(height))) for width, height in boxes}


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_ticked_tools_print_as_labels_on_pages_of_the_chosen_paper(
    live_server, phone, alice, make_tool, paper
):
    for name in ["Saw", "Ladder", "Hedge trimmer"]:
        make_tool(alice, name=name)
    _, page = phone
    sign_in(page, live_server.url, "alice", PASSWORD)
    page.goto(live_server.url + "/tools/labels/")
    page.get_by_label("Saw").check()
    page.get_by_label("Hedge trimmer").check()
    page.get_by_label(paper, exact=True).check()
    page.get_by_role("button", name="Make the sheet").click()

    names = page.locator(".label-sheet .qr-name").all_inner_texts()
    assert sorted(names) == ["Hedge trimmer", "Saw"]
    assert page.locator(".label-sheet svg").count() == 2
    assert page_sizes(page.pdf(prefer_css_page_size=True)) == {PAPER_POINTS[paper]}


def test_the_owner_scanning_a_label_hands_the_tool_over_in_two_taps(
    live_server, phone, alice, bob, drill, make_loan
):
    loan = make_loan(drill, bob, start=0, status=Loan.Status.APPROVED)
    _, page = phone
    sign_in(page, live_server.url, "alice", PASSWORD)
    page.goto(live_server.url + f"/tools/{drill.pk}/scan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hand it over to Bob")
    page.get_by_role("link", name="Hand over to Bob").click()
    page.get_by_role("button", name="Hand it over").click()
    expect(page.get_by_text("It is out.")).to_be_visible()
    loan.refresh_from_db()
    assert loan.status == Loan.Status.OUT
