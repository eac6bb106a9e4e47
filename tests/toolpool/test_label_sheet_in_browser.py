"""The label sheet in a real browser: ticked tools, and printed pages of the chosen paper."""

import re

import pytest

from tests.browser import in_chromium, sign_in
from tests.conftest import PASSWORD

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
