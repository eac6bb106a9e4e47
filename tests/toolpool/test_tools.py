import pytest
from django.urls import reverse

from members.models import AuditEvent
from tests.toolpool.conftest import days
from toolpool.models import Loan, Tool

TOOL = {"name": "Ladder", "category": "ladders", "condition": "good", "auto_approve": "nobody"}


def test_member_adds_a_tool(alice_client, alice):
    response = alice_client.post(reverse("toolpool:tool_create"), {**TOOL, "lendable": "on"})
    tool = Tool.objects.get()
    assert response.url == tool.get_absolute_url()
    assert (tool.owner, tool.name, tool.lendable) == (alice, "Ladder", True)
    assert AuditEvent.objects.filter(action="tool.added", actor=alice).exists()


def test_tool_form_rejects_bad_values_beside_each_field(alice_client):
    bad = {
        **TOOL,
        "name": "x" * 81,
        "category": "spaceships",
        "replacement_value": "-5",
        "manual_url": "not a link",
    }
    response = alice_client.post(reverse("toolpool:tool_create"), bad)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"name", "category", "replacement_value", "manual_url"} <= set(errors)
    assert not Tool.objects.exists()


def test_owner_edits_a_tool(alice_client, drill):
    alice_client.post(reverse("toolpool:tool_edit", args=[drill.pk]), {**TOOL, "name": "Drill 2"})
    drill.refresh_from_db()
    assert drill.name == "Drill 2" and not drill.lendable


def test_borrower_cannot_edit_tool(bob_client, drill):
    response = bob_client.post(reverse("toolpool:tool_edit", args=[drill.pk]), TOOL)
    assert response.status_code == 403
    drill.refresh_from_db()
    assert drill.name == "Cordless drill"


def visit(client, tool):
    return client.get(tool.get_absolute_url()).content.decode()


def test_tool_page_offers_the_owner_to_hand_over_an_approved_loan(
    alice_client, bob, drill, make_loan
):
    loan = make_loan(drill, bob, start=0, status=Loan.Status.APPROVED)
    assert reverse("toolpool:hand_over", args=[loan.pk]) in visit(alice_client, drill)


def test_tool_page_offers_the_borrower_to_return_it(bob_client, bob, drill, make_loan):
    loan = make_loan(drill, bob, start=-1, status=Loan.Status.OUT)
    page = visit(bob_client, drill)
    assert reverse("toolpool:return", args=[loan.pk]) in page and "Return it" in page


def test_tool_page_offers_the_owner_to_mark_it_returned(alice_client, bob, drill, make_loan):
    make_loan(drill, bob, start=-1, status=Loan.Status.OUT)
    assert "Mark returned" in visit(alice_client, drill)


def test_tool_page_offers_others_to_queue_while_it_is_out(
    bob_client, drill, make_loan, make_member
):
    make_loan(drill, make_member("carol"), start=-1, status=Loan.Status.OUT)
    assert reverse("toolpool:join_queue", args=[drill.pk]) in visit(bob_client, drill)


def test_tool_page_offers_others_to_ask_when_it_is_free(bob_client, drill):
    page = visit(bob_client, drill)
    assert reverse("toolpool:borrow", args=[drill.pk]) in page and "Ask Alice" in page
    assert f'value="{days(0).isoformat()}"' in page


@pytest.mark.parametrize("value", ["-5", "1000000", "12.345", "a lot"])
def test_a_replacement_value_out_of_range_hears_one_sentence_in_euros(alice_client, value):
    response = alice_client.post(
        reverse("toolpool:tool_create"), {**TOOL, "replacement_value": value}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["replacement_value"] == [
        "Enter an amount from 0 to 999,999.99 €, to the cent at most."
    ]
    assert not Tool.objects.exists()
