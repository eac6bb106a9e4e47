"""send_reminders also sends what is pending and prunes what is old, and says so."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications.models import Kind, Mail, Notification
from notifications.notify import notify


def test_send_reminders_sends_pending_mail_prunes_old_ones_and_says_so(settings, make_member):
    settings.EMAIL_ENABLED = True
    settings.NOTIFICATION_KEEP_READ_DAYS = 30
    alice = make_member("alice", email="alice@example.org")
    # Written in a transaction whose sender never ran: the command is the one that sends it.
    waiting = notify([alice], Kind.QUEUE_TURN, "Your turn: the saw", "/tools/1/")[0]
    old = notify([make_member("bob")], Kind.QUEUE_TURN, "Your turn: the drill", "/tools/2/")[0]
    Notification.objects.filter(pk=old.pk).update(read_at=timezone.now() - timedelta(days=31))

    output = StringIO()
    call_command("send_reminders", stdout=output)
    assert output.getvalue() == "1 mails sent, 1 read notifications pruned.\n"
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    waiting.refresh_from_db()
    assert waiting.mail == Mail.SENT
    assert not Notification.objects.filter(pk=old.pk).exists()

    call_command("send_reminders", stdout=output)
    assert len(mail.outbox) == 1
