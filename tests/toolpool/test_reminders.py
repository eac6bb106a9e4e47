"""send_reminders: due tomorrow, overdue once a day, lapsed claims, however often it runs."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from notifications.models import Kind, Mail, Notification
from tests.notifications.helpers import texts_for, told
from tests.toolpool.conftest import days
from toolpool.models import Loan, QueueEntry
from toolpool.reminders import send_reminders


def test_a_tool_due_tomorrow_reminds_its_borrower_once(alice, bob, drill, make_loan):
    make_loan(drill, bob, start=-2, end=1, status=Loan.Status.OUT)
    make_loan(drill, alice, start=5, end=6, status=Loan.Status.APPROVED)
    call_command("send_reminders")
    call_command("send_reminders")
    assert told() == {"bob": 1}
    assert told(Kind.LOAN_DUE_TOMORROW) == {"bob": 1}
    assert texts_for(bob)[0].startswith("The Cordless drill is due back to Alice tomorrow")


def test_an_extended_loan_is_reminded_again_before_its_new_due_date(alice, bob, drill, make_loan):
    loan = make_loan(drill, bob, start=-2, end=1, status=Loan.Status.OUT)
    today = timezone.localdate()
    send_reminders(today)
    loan.extend(alice, days(4))
    send_reminders(today + timedelta(days=3))
    assert told(Kind.LOAN_DUE_TOMORROW) == {"bob": 2}


def test_an_overdue_tool_reminds_its_borrower_once_a_day(alice, bob, drill, make_loan):
    make_loan(drill, bob, start=-5, end=-2, status=Loan.Status.OUT)
    today = timezone.localdate()
    send_reminders(today)
    send_reminders(today)
    assert told(Kind.LOAN_OVERDUE) == {"bob": 1}
    assert "2 days overdue" in texts_for(bob)[0]
    send_reminders(today + timedelta(days=1))
    assert told(Kind.LOAN_OVERDUE) == {"bob": 2}
    assert told() == {"bob": 2}


def test_a_returned_tool_is_no_longer_reminded(alice, bob, drill, make_loan):
    make_loan(drill, bob, start=-5, end=-2, status=Loan.Status.RETURNED)
    make_loan(drill, bob, start=-1, end=1, status=Loan.Status.RETURNED)
    send_reminders(timezone.localdate())
    assert told() == {}


def test_a_lapsed_claim_passes_on_and_tells_the_next_in_line(
    alice, bob, drill, make_loan, make_member
):
    carol, dave = make_member("carol"), make_member("dave")
    loan = make_loan(drill, carol, start=-2, end=1, status=Loan.Status.OUT)
    drill.join_queue(bob)
    drill.join_queue(dave)
    loan.mark_returned(carol, "good")
    QueueEntry.objects.filter(member=bob).update(claim_until=timezone.now())
    call_command("send_reminders")
    call_command("send_reminders")
    assert told(Kind.QUEUE_TURN) == {"bob": 1, "dave": 1}
    assert QueueEntry.objects.claims_of(dave).exists()


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_and_mail_one_reminder(settings, make_member, make_tool):
    settings.EMAIL_ENABLED = True
    alice = make_member("alice")
    bob = make_member("bob", email="bob@example.org")
    drill = make_tool(alice)
    Loan.objects.create(
        tool=drill, borrower=bob, start=days(-3), end=days(-1), status=Loan.Status.OUT
    )
    start = threading.Barrier(2)
    failures = []

    def run():
        try:
            start.wait()
            call_command("send_reminders")
        except Exception as error:  # reported below: a thread's exception is lost otherwise
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert told() == {"bob": 1}
    assert Notification.objects.get().mail == Mail.SENT
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]
