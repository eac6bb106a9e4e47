"""Every lending event tells each right person once, and nobody else, least of all its actor."""

import pytest
from django.urls import reverse

from notifications.models import Kind, Notification
from tests.notifications.helpers import texts_for, told
from tests.toolpool.conftest import days
from toolpool.models import AutoApprove, LendingRefused, Loan, QueueEntry, WantedTool


@pytest.fixture
def carol(make_member):
    """Carol is in the family but has nothing to do with the drill."""
    return make_member("carol")


def test_a_borrow_request_tells_the_owner_and_nobody_else(bob_client, alice, bob, carol, drill):
    bob_client.post(
        reverse("toolpool:borrow", args=[drill.pk]),
        {"start": days(1), "end": days(3), "message": "Shelf"},
    )
    assert told() == {"alice": 1}
    notification = Notification.objects.get()
    assert notification.kind == Kind.LOAN_REQUESTED
    assert "Bob asks to borrow your Cordless drill" in notification.text
    assert notification.url == Loan.objects.get().get_absolute_url()


def test_an_automatic_approval_tells_the_borrower_and_the_owner_once_each(alice, bob, carol, drill):
    drill.auto_approve = AutoApprove.EVERYONE
    drill.save()
    drill.ask_to_borrow(bob, days(1), days(2))
    assert told(Kind.LOAN_AUTO_APPROVED) == {"bob": 1}
    assert told(Kind.LOAN_REQUESTED) == {"alice": 1}
    assert "approved automatically" in texts_for(alice)[0]


def test_a_refused_request_tells_nobody(alice, bob, carol, drill, make_loan):
    make_loan(drill, carol, start=1, end=3, status=Loan.Status.APPROVED)
    with pytest.raises(LendingRefused):
        drill.ask_to_borrow(bob, days(2), days(4))
    assert told() == {}


@pytest.mark.parametrize(
    "step, kind", [("approve", Kind.LOAN_APPROVED), ("decline", Kind.LOAN_DECLINED)]
)
def test_a_decision_tells_the_borrower_but_not_the_owner_who_made_it(
    alice_client, alice, bob, carol, drill, make_loan, step, kind
):
    loan = make_loan(drill, bob)
    alice_client.post(reverse(f"toolpool:{step}", args=[loan.pk]))
    assert told() == {"bob": 1}
    assert told(kind) == {"bob": 1}


def test_a_hand_over_tells_the_borrower_with_the_due_date(alice, bob, carol, drill, make_loan):
    loan = make_loan(drill, bob, start=0, end=3, status=Loan.Status.APPROVED)
    loan.hand_over(alice, "good")
    assert told(Kind.LOAN_HANDED_OVER) == {"bob": 1}
    assert told() == {"bob": 1}


def test_an_admin_handing_over_tells_both_the_owner_and_the_borrower(
    admin, alice, bob, drill, make_loan
):
    loan = make_loan(drill, bob, start=0, end=3, status=Loan.Status.APPROVED)
    loan.hand_over(admin, "good")
    assert told() == {"alice": 1, "bob": 1}


def test_a_return_tells_the_owner_its_condition(bob_client, alice, bob, carol, drill, make_loan):
    loan = make_loan(drill, bob, start=-2, end=1, status=Loan.Status.OUT)
    bob_client.post(
        reverse("toolpool:return", args=[loan.pk]), {"condition": "repair", "note": "Chuck stuck"}
    )
    assert told() == {"alice": 1}
    assert told(Kind.LOAN_RETURNED) == {"alice": 1}
    assert "(needs repair): “Chuck stuck”" in texts_for(alice)[0]


def test_a_return_recorded_by_the_owner_tells_the_borrower(alice, bob, drill, make_loan):
    loan = make_loan(drill, bob, start=-2, end=1, status=Loan.Status.OUT)
    loan.mark_returned(alice, "good")
    assert told() == {"bob": 1}


def test_a_return_gives_the_first_in_the_queue_their_turn(alice, bob, carol, drill, make_loan):
    loan = make_loan(drill, carol, start=-2, end=1, status=Loan.Status.OUT)
    drill.join_queue(bob)
    loan.mark_returned(carol, "good")
    assert told(Kind.QUEUE_TURN) == {"bob": 1}
    assert told() == {"alice": 1, "bob": 1}
    assert texts_for(bob)[0].startswith("Your turn: the Cordless drill is back.")


def test_leaving_the_queue_with_a_claim_gives_the_next_one_their_turn(
    alice, bob, carol, drill, make_loan, make_member
):
    loan = make_loan(drill, carol, start=-2, end=1, status=Loan.Status.OUT)
    dave = make_member("dave")
    drill.join_queue(bob)
    drill.join_queue(dave)
    loan.mark_returned(alice, "good")
    drill.leave_queue(bob)
    assert told(Kind.QUEUE_TURN) == {"bob": 1, "dave": 1}
    assert QueueEntry.objects.claims_of(dave).exists()


def test_an_answer_to_who_has_one_tells_the_asker(bob_client, alice, bob, carol):
    wanted = WantedTool.objects.ask(alice, "tile cutter")
    bob_client.post(wanted.get_absolute_url(), {"note": "Mine is in the shed"})
    assert told() == {"alice": 1}
    assert told(Kind.WANTED_ANSWERED) == {"alice": 1}
    assert texts_for(alice) == ["Bob answered “tile cutter”: I have one – “Mine is in the shed”."]


def test_answering_ones_own_question_tells_nobody(alice):
    wanted = WantedTool.objects.ask(alice, "tile cutter")
    wanted.answer(alice, note="found mine")
    assert told() == {}


def test_a_deactivated_member_is_not_told(alice, bob, drill, make_loan):
    loan = make_loan(drill, bob, start=-2, end=1, status=Loan.Status.OUT)
    bob.is_active = False
    bob.save()
    loan.mark_returned(alice, "good")  # would tell the borrower
    assert told() == {}
