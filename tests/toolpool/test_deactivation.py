"""Deactivating a member settles their lending: requests declined, loans listed, tools paused."""

import pytest
from django.urls import reverse

from members.models import AuditEvent
from tests.toolpool.conftest import days
from toolpool.models import LendingRefused, Loan, Tool


def deactivate(admin_client, member):
    return admin_client.post(reverse("members:deactivate_member", args=[member.pk]))


@pytest.fixture
def lending(alice, bob, drill, make_tool, make_loan):
    """Bob asks for Alice's drill and has it booked later; Alice asks for Bob's ladder and
    has Bob's saw."""
    ladder = make_tool(bob, name="Ladder")
    saw = make_tool(bob, name="Jigsaw")
    return {
        "to_alice": make_loan(drill, bob),
        "from_alice": make_loan(ladder, alice),
        "borrowed": make_loan(saw, alice, start=-2, end=2, status=Loan.Status.OUT),
        "approved": make_loan(drill, bob, start=5, end=6, status=Loan.Status.APPROVED),
    }


def test_deactivation_asks_first_and_lists_what_will_happen(admin_client, alice, lending):
    page = admin_client.get(reverse("members:deactivate_member", args=[alice.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    for loan in lending.values():
        assert loan.get_absolute_url() in body
    assert "Requests to and from them that will be declined" in body
    assert "Tools they have borrowed and still have" in body
    assert "Approved loans to and from them, which stay booked" in body
    assert Tool.objects.get(name="Cordless drill").get_absolute_url() in body
    alice.refresh_from_db()
    assert alice.is_active


def test_deactivation_declines_the_pending_requests_of_and_to_the_member_with_a_reason(
    admin_client, admin, alice, lending
):
    assert deactivate(admin_client, alice).status_code == 302
    for key in ("to_alice", "from_alice"):
        loan = lending[key]
        loan.refresh_from_db()
        assert loan.status == Loan.Status.DECLINED
        assert loan.decided_by == admin
        assert loan.decision_note == "Alice was deactivated by Admin"
    declined = AuditEvent.objects.filter(action="loan.declined", actor=admin)
    assert declined.count() == 2
    assert all("declined: Alice was deactivated by Admin" in e.summary for e in declined)
    for key, status in (("borrowed", Loan.Status.OUT), ("approved", Loan.Status.APPROVED)):
        lending[key].refresh_from_db()
        assert lending[key].status == status


def test_the_reason_shows_on_the_declined_loan(admin_client, bob_client, alice, lending):
    deactivate(admin_client, alice)
    page = bob_client.get(lending["to_alice"].get_absolute_url()).content.decode()
    assert "Alice was deactivated by Admin" in page


def test_a_deactivated_members_tools_are_not_lent_until_they_are_reactivated(
    admin_client, alice, bob, drill
):
    deactivate(admin_client, alice)
    assert drill not in Tool.objects.lendable()
    with pytest.raises(LendingRefused, match="switched off"):
        drill.ask_to_borrow(bob, days(1), days(2))
    drill.refresh_from_db()
    assert drill.status == "not lending"

    admin_client.post(reverse("members:reactivate_member", args=[alice.pk]))
    drill = Tool.objects.get(pk=drill.pk)
    assert drill in Tool.objects.lendable()
    assert drill.status == "free"


def test_a_request_of_a_deactivated_member_cannot_be_approved(alice, bob, drill, make_loan):
    loan = make_loan(drill, bob)
    bob.is_active = False
    bob.save()
    with pytest.raises(LendingRefused, match="switched off"):
        loan.approve(alice)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.REQUESTED


def test_deactivating_twice_declines_and_audits_once(admin, alice, lending):
    alice.deactivate(by=admin)
    alice.deactivate(by=admin)
    assert AuditEvent.objects.filter(action="member.deactivated").count() == 1


def test_a_deactivated_member_leaves_every_queue(admin_client, alice, bob, make_tool, make_loan):
    ladder = make_tool(bob, name="Ladder")
    make_loan(ladder, bob, start=-1, end=1, status=Loan.Status.OUT)
    ladder.join_queue(alice)
    deactivate(admin_client, alice)
    assert not ladder.queue.open().exists()
    assert AuditEvent.objects.filter(action="queue.closed").exists()


def test_an_admin_gives_a_deactivated_members_tool_to_another_member_who_lends_it(
    admin_client, admin, alice, bob, make_member, drill
):
    deactivate(admin_client, alice)
    page = admin_client.get(drill.get_absolute_url()).content.decode()
    assert "account is switched off" in page and "Give it to them" in page

    response = admin_client.post(reverse("toolpool:tool_give", args=[drill.pk]), {"owner": bob.pk})
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.owner == bob and drill.is_lending
    assert AuditEvent.objects.filter(action="tool.given", actor=admin).exists()
    carol = make_member("carol")
    assert drill.ask_to_borrow(carol, days(1), days(2)).status == Loan.Status.REQUESTED


def test_only_an_admin_gives_a_tool_away_and_never_to_a_switched_off_member(
    admin_client, alice_client, alice, bob, drill
):
    assert (
        alice_client.post(
            reverse("toolpool:tool_give", args=[drill.pk]), {"owner": bob.pk}
        ).status_code
        == 403
    )
    bob.is_active = False
    bob.save()
    admin_client.post(reverse("toolpool:tool_give", args=[drill.pk]), {"owner": bob.pk})
    drill.refresh_from_db()
    assert drill.owner == alice


def test_members_see_why_a_switched_off_members_tool_cannot_be_asked_for(
    admin_client, bob_client, alice, drill
):
    deactivate(admin_client, alice)
    page = bob_client.get(drill.get_absolute_url()).content.decode()
    assert "Alice’s account is switched off" in page
    assert "Ask to borrow" not in page
