"""The one place notifications are made.

Every step that causes one calls ``notify()`` inside its own transaction, so a notification
exists exactly when its change does, and the person who made the change is never told of it.
"""

from .mail import send_after_commit
from .models import DeliveryChoice, Mail, Notification


def notify(recipients, kind, text, url, actor=None):
    """Tells each of ``recipients`` but ``actor``; its mail goes out after the commit."""
    notifications = [
        Notification.objects.create(
            recipient=member, kind=kind, text=text[:300], url=url, mail=mail_state(member, kind)
        )
        for member in unique_recipients(recipients, actor)
    ]
    if any(notification.mail == Mail.PENDING for notification in notifications):
        send_after_commit()
    return notifications


def remind(recipients, kind, text, url, once):
    """A time-based notification, made at most once per recipient and ``once`` key.

    The unique constraint decides between runs at the same moment on any host: the second
    row is dropped. Their mail goes out with the run's ``send_pending()``.
    """
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=member,
                kind=kind,
                text=text[:300],
                url=url,
                once=once[:80],
                mail=mail_state(member, kind),
            )
            for member in unique_recipients(recipients, None)
        ],
        ignore_conflicts=True,
    )


def mail_state(member, kind):
    if not member.email:
        return Mail.NONE
    return DeliveryChoice.objects.for_member(member)[kind].mail_state


def unique_recipients(recipients, actor):
    seen = set()
    for member in recipients:
        if member is None or member.pk in seen or not member.is_active:
            continue
        if actor is not None and member.pk == actor.pk:
            continue
        seen.add(member.pk)
        yield member
