"""Mail for notifications: sent after the commit, off the request, retried until it goes.

A notification to be mailed is written pending in the transaction that causes it. After the
commit a short-lived thread sends it, so a slow or broken mail server never slows or fails
the request; what it could not send, ``manage.py send_reminders`` sends later. Each sender
first claims a mail with a conditional update, so two senders (threads, hosts) never send
the same mail twice.
"""

import logging
import secrets
import threading
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connections, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Delivery, Kind, Mail, Notification

log = logging.getLogger(__name__)

# How long a sender holds a claimed mail before another may try it.
CLAIM = timedelta(minutes=10)
# A mail that failed this often is given up (and logged); the inbox still has it.
MAX_ATTEMPTS = 8


def send_after_commit():
    transaction.on_commit(start_sending)


def start_sending():
    threading.Thread(target=send_in_background, name="notification-mail", daemon=True).start()


def send_in_background():
    try:
        send_pending(digests=False)
    except Exception:
        log.exception("sending notification mail failed; send_reminders tries again")
    finally:
        # The thread's own database connection, which nobody else would close.
        connections.close_all()


def send_pending(now=None, digests=True):
    """Sends every mail that is due; returns how many went out."""
    now = now or timezone.now()
    sent = 0
    due = Notification.objects.filter(mail=Mail.PENDING, mail_not_before__lte=now)
    for pk in due.values_list("pk", flat=True):
        claimed = claim(Notification.objects.filter(pk=pk, mail=Mail.PENDING), now)
        sent += deliver(claimed, now)
    if digests:
        sent += send_digests(now)
    return sent


def send_digests(now):
    """One mail per member with everything that waited for the day's digest."""
    digest_time = time(settings.NOTIFICATION_DIGEST_HOUR)
    cutoff = timezone.make_aware(datetime.combine(timezone.localdate(now), digest_time))
    if now < cutoff:
        return 0
    waiting = Notification.objects.filter(mail=Mail.DIGEST, created_at__lt=cutoff)
    members = waiting.filter(mail_not_before__lte=now).values_list("recipient", flat=True)
    sent = 0
    for member_pk in set(members):
        sent += deliver(claim(waiting.filter(recipient=member_pk), now), now)
    return sent


def claim(notifications, now):
    """The rows of ``notifications`` this sender won, marked with a claim nobody else made."""
    until = now + CLAIM + timedelta(microseconds=secrets.randbelow(1_000_000))
    notifications.filter(mail_not_before__lte=now).update(mail_not_before=until)
    return list(notifications.filter(mail_not_before=until).select_related("recipient"))


def deliver(notifications, now):
    if not notifications:
        return 0
    ids = [notification.pk for notification in notifications]
    try:
        compose(notifications).send()
    except Exception as error:
        attempts = notifications[0].mail_attempts + 1
        given_up = attempts >= MAX_ATTEMPTS
        log.log(
            logging.ERROR if given_up else logging.WARNING,
            "mail to %s failed (attempt %d%s): %s",
            notifications[0].recipient,
            attempts,
            ", given up" if given_up else ", tried again later",
            error,
        )
        Notification.objects.filter(pk__in=ids).update(
            mail=Mail.FAILED if given_up else notifications[0].mail,
            mail_attempts=attempts,
            mail_error=str(error)[:300],
            # Waits longer after each failure: 2, 4, 8 … minutes.
            mail_not_before=now + timedelta(minutes=2**attempts),
        )
        return 0
    Notification.objects.filter(pk__in=ids).update(mail=Mail.SENT, mail_error="")
    return 1


def site_url(path):
    return f"{'https' if settings.HTTPS else 'http'}://{settings.SITE_HOST}{path}"


def compose(notifications):
    member = notifications[0].recipient
    is_digest = notifications[0].mail == Mail.DIGEST
    context = {
        "member": member,
        "notifications": [
            {
                "text": notification.text,
                "link": site_url(notification.url),
                "kind": Kind(notification.kind).label,
            }
            for notification in notifications
        ],
        "is_digest": is_digest,
        "delivery": (Delivery.DIGEST if is_digest else Delivery.EMAIL).label.lower(),
        "settings_link": site_url(reverse("notifications:settings")),
        "site_link": site_url("/"),
        "site_host": settings.SITE_HOST,
    }
    if is_digest:
        subject = f"family_tools: {len(notifications)} things from today"
    else:
        subject = f"family_tools: {notifications[0].text}"
    message = EmailMultiAlternatives(
        subject=subject[:150],
        body=render_to_string("notifications/mail.txt", context),
        to=[member.email],
    )
    message.attach_alternative(render_to_string("notifications/mail.html", context), "text/html")
    return message
