import re

import pytest
from django.urls import reverse

from family_tools.lib.qr import qr_svg
from tests.toolpool.conftest import days
from toolpool.models import Loan, QueueEntry


def scan(client, tool):
    response = client.get(reverse("toolpool:tool_scan", args=[tool.pk]))
    assert response.status_code == 200
    return response.context["action"], response.content.decode()


def test_the_label_encodes_the_site_host_scan_address_not_the_request_host(
    bob_client, drill, settings
):
    settings.SITE_HOST = "tools.family.ziti"
    page = bob_client.get(reverse("toolpool:tool_label", args=[drill.pk])).content.decode()
    address = f"http://tools.family.ziti/tools/{drill.pk}/scan/"
    assert qr_svg(address) in page
    assert "testserver" not in page
    assert "belongs to Alice" in page


def test_a_scan_by_the_owner_offers_the_hand_over_of_a_loan_that_is_due(
    alice_client, drill, bob, make_loan
):
    loan = make_loan(drill, bob, start=0, status=Loan.Status.APPROVED)
    action, page = scan(alice_client, drill)
    assert action.kind == "hand_over"
    assert f'href="{reverse("toolpool:hand_over", args=[loan.pk])}"' in page
    response = alice_client.post(action.url, {"condition": "good", "note": ""})
    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.status == Loan.Status.OUT


def test_a_scan_by_the_owner_of_a_tool_that_is_out_offers_to_take_it_back(
    alice_client, drill, bob, make_loan
):
    loan = make_loan(drill, bob, start=-2, status=Loan.Status.OUT)
    action, page = scan(alice_client, drill)
    assert action.kind == "take_back" and "Take it back" in page
    alice_client.post(action.url, {"condition": "good", "note": ""})
    loan.refresh_from_db()
    assert loan.status == Loan.Status.RETURNED


def test_a_scan_by_the_owner_with_nothing_due_offers_no_button(alice_client, drill):
    action, _ = scan(alice_client, drill)
    assert action.kind == "none" and action.url == ""


def test_a_scan_by_a_borrower_with_an_approved_loan_says_to_wait_for_the_hand_over(
    bob_client, drill, bob, make_loan
):
    make_loan(drill, bob, start=0, status=Loan.Status.APPROVED)
    action, page = scan(bob_client, drill)
    assert action.kind == "waiting_for_hand_over"
    assert "Waiting for the owner to hand it over" in page
    assert action.url == ""


def test_a_scan_by_the_borrower_who_has_it_offers_to_return_it(bob_client, drill, bob, make_loan):
    loan = make_loan(drill, bob, start=-2, status=Loan.Status.OUT)
    action, _ = scan(bob_client, drill)
    assert action.kind == "return"
    bob_client.post(action.url, {"condition": "good", "note": ""})
    loan.refresh_from_db()
    assert loan.status == Loan.Status.RETURNED


def test_a_scan_by_someone_else_offers_to_borrow_a_free_tool(bob_client, drill, bob):
    action, page = scan(bob_client, drill)
    assert action.kind == "borrow"
    assert f'href="{reverse("toolpool:borrow", args=[drill.pk])}"' in page
    dates = {"start": days(1).isoformat(), "end": days(2).isoformat(), "message": ""}
    bob_client.post(action.url, dates)
    assert Loan.objects.get(tool=drill, borrower=bob).status == Loan.Status.REQUESTED


def test_a_scan_by_someone_else_while_it_is_out_offers_the_queue_and_joining_works(
    bob_client, drill, make_member, make_loan, bob
):
    make_loan(drill, make_member("carol"), start=-1, status=Loan.Status.OUT)
    action, page = scan(bob_client, drill)
    assert action.kind == "join_queue" and action.method == "post"
    assert f'action="{action.url}"' in page
    bob_client.post(action.url)
    assert QueueEntry.objects.filter(tool=drill, member=bob, closed_at=None).exists()
    assert scan(bob_client, drill)[0].kind == "in_queue"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_label_sheet_lists_the_chosen_tools_on_the_chosen_paper(
    alice_client, alice, bob, make_tool, paper, settings
):
    settings.SITE_HOST = "family.tools.ziti"
    saw, ladder, spare = (make_tool(alice, name=name) for name in ["Saw", "Ladder", "Spare"])
    bobs = make_tool(bob, name="Bob's sander")
    query = {"scope": "all", "tools": [saw.pk, bobs.pk], "paper": paper}
    response = alice_client.get(reverse("toolpool:label_sheet"), query)
    page = response.content.decode()
    assert f'class="label-sheet paper-{paper}"' in page
    for tool in (saw, bobs):
        assert qr_svg(f"http://family.tools.ziti/tools/{tool.pk}/scan/") in page
    assert page.count('class="qr-label"') == 2
    assert "Ladder" not in page and "Spare" not in page


def test_the_label_sheet_offers_my_tools_or_all_i_can_see(alice_client, alice, bob, make_tool):
    make_tool(alice, name="Saw")
    make_tool(bob, name="Sander")
    mine = alice_client.get(reverse("toolpool:label_sheet")).content.decode()
    everyone = alice_client.get(reverse("toolpool:label_sheet"), {"scope": "all"})
    assert "Saw" in mine and "Sander" not in mine
    assert "Saw" in everyone.content.decode() and "Sander" in everyone.content.decode()


def test_a_label_sheet_without_tools_says_so_and_keeps_the_paper(alice_client, alice, make_tool):
    make_tool(alice, name="Saw")
    response = alice_client.get(reverse("toolpool:label_sheet"), {"paper": "letter"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tick at least one tool" in page
    assert re.search(r'value="letter"[^>]*checked', page)
