"""What tests ask of the notifications: who was told what."""

from collections import Counter

from notifications.models import Notification


def told(kind=None):
    """How many notifications each member got, by username (of one kind, if given)."""
    notifications = Notification.objects.all()
    if kind is not None:
        notifications = notifications.filter(kind=kind)
    return Counter(notifications.values_list("recipient__username", flat=True))


def texts_for(member):
    return list(Notification.objects.filter(recipient=member).values_list("text", flat=True))
