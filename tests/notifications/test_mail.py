"""Mail: after the commit, off the request, as each member chose, and retried when it fails."""

import logging
import threading
import time
from datetime import datetime, timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import resolve, reverse
from django.utils import timezone

from notifications.mail import send_pending
from notifications.models import Delivery, DeliveryChoice, Kind, Mail, Notification
from notifications.notify import notify
from tests.conftest import signed_in
from tests.toolpool.conftest import days
from toolpool.models import Loan, Tool


class SlowBrokenBackend(BaseEmailBackend):
    """A mail server that takes its time and then hangs up."""

    def send_messages(self, messages):
        time.sleep(1.5)
        raise SMTPServerDisconnected("the server hung up")


class DownBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise SMTPServerDisconnected("still down")


@pytest.fixture(autouse=True)
def mail_on(settings):
    settings.EMAIL_ENABLED = True
    settings.SITE_HOST = "family.tools.ziti"


def wait_for_senders():
    for thread in threading.enumerate():
        if thread.name == "notification-mail":
            thread.join(timeout=30)


@pytest.fixture
def owner(make_member):
    return make_member("alice", email="alice@example.org")


@pytest.fixture
def borrower(make_member):
    return make_member("bob", email="bob@example.org")


def ask_for_drill(borrower, owner):
    drill = Tool.objects.create(owner=owner, name="Cordless drill")
    data = {"start": days(1), "end": days(2), "message": ""}
    return signed_in(borrower).post(reverse("toolpool:borrow", args=[drill.pk]), data)


@pytest.mark.django_db(transaction=True)
def test_a_request_mails_the_owner_after_the_commit_with_a_working_link(owner, borrower):
    response = ask_for_drill(borrower, owner)
    assert response.status_code == 302
    wait_for_senders()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    loan = Loan.objects.get()
    link = f"http://family.tools.ziti{loan.get_absolute_url()}"
    assert message.to == ["alice@example.org"]
    assert message.subject == f"family_tools: {Notification.objects.get().text}"
    assert message.subject.startswith("family_tools: Bob asks to borrow your Cordless drill from")
    assert link in message.body
    assert 'you chose "email too" for "Someone asks to borrow my tool"' in message.body
    assert "http://family.tools.ziti/inbox/settings/" in message.body
    assert "opens through the Ziti app" in message.body
    html, content_type = message.alternatives[0]
    assert content_type == "text/html"
    assert f'href="{link}"' in html
    assert "opens through the Ziti app" in html
    # The link leads to the loan, and the owner can open it.
    assert resolve(loan.get_absolute_url()).url_name == "loan_detail"
    assert signed_in(owner).get(loan.get_absolute_url()).status_code == 200
    assert Notification.objects.get().mail == Mail.SENT


@pytest.mark.django_db(transaction=True)
def test_nothing_is_mailed_before_the_transaction_commits(owner):
    with transaction.atomic():
        notify([owner], Kind.QUEUE_TURN, "Your turn", "/tools/")
        wait_for_senders()
        assert mail.outbox == []
    wait_for_senders()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_step_mails_nothing(owner):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([owner], Kind.QUEUE_TURN, "Your turn", "/tools/")
        raise RuntimeError("the step failed")
    wait_for_senders()
    assert mail.outbox == []
    assert Notification.objects.count() == 0


def test_site_only_sends_no_mail_but_keeps_the_notification(owner):
    DeliveryChoice.objects.choose(owner, {Kind.QUEUE_TURN: Delivery.SITE})
    notification = notify([owner], Kind.QUEUE_TURN, "Your turn", "/tools/")[0]
    assert notification.mail == Mail.NONE
    assert send_pending() == 0
    assert mail.outbox == []


def test_a_member_without_an_address_or_a_site_without_mail_sends_none(settings, make_member):
    nobody = make_member("nobody")
    assert notify([nobody], Kind.QUEUE_TURN, "Your turn", "/tools/")[0].mail == Mail.NONE
    settings.EMAIL_ENABLED = False
    someone = make_member("someone", email="someone@example.org")
    assert notify([someone], Kind.QUEUE_TURN, "Your turn", "/tools/")[0].mail == Mail.NONE


def at(day, hour):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def test_the_daily_digest_gathers_a_days_news_in_one_mail_at_the_digest_hour(settings, owner):
    settings.NOTIFICATION_DIGEST_HOUR = 7
    today = timezone.localdate()
    DeliveryChoice.objects.choose(
        owner, {Kind.QUEUE_TURN: Delivery.DIGEST, Kind.LOAN_REQUESTED: Delivery.DIGEST}
    )
    notify([owner], Kind.QUEUE_TURN, "Your turn: the saw", "/tools/1/")
    notify([owner], Kind.LOAN_REQUESTED, "Bob asks for the drill", "/loans/1/")
    yesterday = at(today - timedelta(days=1), 15)
    Notification.objects.update(created_at=yesterday, mail_not_before=yesterday)

    assert send_pending(now=at(today, 6)) == 0
    assert mail.outbox == []
    assert send_pending(now=at(today, 7.5)) == 1
    assert send_pending(now=at(today, 8)) == 0
    [digest] = mail.outbox
    assert digest.subject == "family_tools: 2 things from today"
    assert "Your turn: the saw\n  http://family.tools.ziti/tools/1/" in digest.body
    assert "Bob asks for the drill\n  http://family.tools.ziti/loans/1/" in digest.body
    assert 'you chose "daily digest"' in digest.body
    assert set(Notification.objects.values_list("mail", flat=True)) == {Mail.SENT}


def test_news_after_the_digest_hour_waits_for_the_next_digest(settings, owner):
    settings.NOTIFICATION_DIGEST_HOUR = 7
    today = timezone.localdate()
    DeliveryChoice.objects.choose(owner, {Kind.QUEUE_TURN: Delivery.DIGEST})
    notify([owner], Kind.QUEUE_TURN, "Your turn: the saw", "/tools/1/")
    Notification.objects.update(created_at=at(today, 9), mail_not_before=at(today, 9))
    assert send_pending(now=at(today, 10)) == 0
    assert send_pending(now=at(today + timedelta(days=1), 7)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_leaves_the_request_fast_and_the_mail_pending(
    settings, owner, borrower, caplog
):
    settings.EMAIL_BACKEND = "tests.notifications.test_mail.SlowBrokenBackend"
    began = time.monotonic()
    response = ask_for_drill(borrower, owner)
    took = time.monotonic() - began
    assert response.status_code == 302
    assert Loan.objects.get().status == Loan.Status.REQUESTED
    assert took < 1.0, f"the request waited {took:.1f} s for the mail server"

    with caplog.at_level(logging.WARNING, logger="notifications.mail"):
        wait_for_senders()
    notification = Notification.objects.get()
    assert (notification.mail, notification.mail_attempts) == (Mail.PENDING, 1)
    assert notification.mail_error == "the server hung up"
    assert "mail to Alice failed (attempt 1, tried again later): the server hung up" in caplog.text

    # Tried again later, not at once; then the server is back and the mail goes out.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending() == 0
    assert send_pending(now=timezone.now() + timedelta(minutes=3)) == 1
    notification.refresh_from_db()
    assert (notification.mail, notification.mail_error) == (Mail.SENT, "")
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]


def test_a_mail_that_keeps_failing_is_given_up_and_stays_in_the_inbox(settings, owner, caplog):
    settings.EMAIL_BACKEND = "tests.notifications.test_mail.DownBackend"
    notification = notify([owner], Kind.QUEUE_TURN, "Your turn", "/tools/")[0]
    Notification.objects.filter(pk=notification.pk).update(mail_attempts=7)
    send_pending()
    notification.refresh_from_db()
    assert (notification.mail, notification.mail_attempts) == (Mail.FAILED, 8)
    assert "mail to Alice failed (attempt 8, given up): still down" in caplog.text
    assert Notification.objects.for_member(owner).unread().count() == 1
