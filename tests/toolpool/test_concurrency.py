"""Two members, one tool, the same days, the same moment: exactly one of them gets it."""

import threading

import pytest
from django.db import connection

from tests.toolpool.conftest import days
from toolpool.models import LendingRefused, Loan


def run_at_once(*steps):
    """Runs each step in its own thread, released together; returns what each one raised."""
    barrier = threading.Barrier(len(steps))
    outcomes = [None] * len(steps)

    def run(index, step):
        try:
            barrier.wait()
            step()
        except LendingRefused as refusal:
            outcomes[index] = refusal
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, step)) for i, step in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_approvals_for_the_same_days_let_exactly_one_win(drill, alice, bob, make_member):
    carol = make_member("carol")
    bobs = drill.ask_to_borrow(bob, days(1), days(3))
    carols = drill.ask_to_borrow(carol, days(2), days(4))

    outcomes = run_at_once(lambda: bobs.approve(alice), lambda: carols.approve(alice))

    assert Loan.objects.filter(status="approved").count() == 1
    assert Loan.objects.filter(status="requested").count() == 1
    assert sum(isinstance(outcome, LendingRefused) for outcome in outcomes) == 1


@pytest.mark.django_db(transaction=True)
def test_two_automatic_approvals_at_once_book_the_tool_once(drill, bob, make_member):
    drill.auto_approve = "everyone"
    drill.save()
    carol = make_member("carol")

    outcomes = run_at_once(
        lambda: drill.ask_to_borrow(bob, days(1), days(3)),
        lambda: drill.ask_to_borrow(carol, days(1), days(3)),
    )

    assert Loan.objects.get().status == "approved"
    assert sum(isinstance(outcome, LendingRefused) for outcome in outcomes) == 1
