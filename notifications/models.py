"""Notifications: what tells a member that something needs them, in the site and by mail.

They are made in ``notifications.notify`` only. A notification that is to be mailed is its
own outbox row: written pending with the change that causes it, sent after the commit.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Kind(models.TextChoices):
    LOAN_REQUESTED = "loan_requested", "Someone asks to borrow my tool"
    LOAN_APPROVED = "loan_approved", "My request is approved"
    LOAN_DECLINED = "loan_declined", "My request is declined"
    LOAN_AUTO_APPROVED = "loan_auto_approved", "My request is approved automatically"
    LOAN_HANDED_OVER = "loan_handed_over", "A tool is handed over"
    LOAN_DUE_TOMORROW = "loan_due_tomorrow", "A tool I borrowed is due tomorrow"
    LOAN_OVERDUE = "loan_overdue", "A tool I borrowed is overdue (daily)"
    LOAN_RETURNED = "loan_returned", "A tool comes back, with its condition"
    LOAN_ON_HOLD = "loan_on_hold", "A tool I booked waits for a repair, or is mended"
    TOOL_NEEDS_REPAIR = "tool_needs_repair", "My tool is said to need repair"
    QUEUE_TURN = "queue_turn", "My turn in a tool's queue"
    WANTED_ANSWERED = "wanted_answered", "An answer to my “who has a …?”"
    TRIP_INVITED = "trip_invited", "I am invited to a trip"
    TRIP_GEAR_UNCOVERED = "trip_gear_uncovered", "Group gear still uncovered before a trip"
    TRIP_REVIEW_OPEN = "trip_review_open", "A trip's review is open"


class Mail(models.TextChoices):
    NONE = "", "Not mailed"
    PENDING = "pending", "To be sent"
    DIGEST = "digest", "Waiting for the daily digest"
    SENT = "sent", "Sent"
    FAILED = "failed", "Given up"


class Delivery(models.TextChoices):
    SITE = "site", "In the site only"
    EMAIL = "email", "Email too"
    DIGEST = "digest", "Daily digest"

    @property
    def mail_state(self):
        """What a new notification's mail starts as; nothing while no mail is configured."""
        if not settings.EMAIL_ENABLED or self == Delivery.SITE:
            return Mail.NONE
        return Mail.PENDING if self == Delivery.EMAIL else Mail.DIGEST


class DeliveryChoiceQuerySet(models.QuerySet):
    def for_member(self, member):
        """Every kind with this member's choice; a kind never chosen is mailed."""
        chosen = dict(self.filter(member=member).values_list("kind", "delivery"))
        return {kind: Delivery(chosen.get(kind, Delivery.EMAIL)) for kind in Kind.values}

    @transaction.atomic
    def choose(self, member, choices):
        for kind, delivery in choices.items():
            self.update_or_create(member=member, kind=kind, defaults={"delivery": delivery})


class DeliveryChoice(models.Model):
    """How one member hears of one kind of event."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_choices"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    delivery = models.CharField(max_length=10, choices=Delivery, default=Delivery.EMAIL)

    objects = DeliveryChoiceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="one_choice_per_kind")
        ]

    def __str__(self):
        return f"{self.member}: {self.get_kind_display()} → {self.get_delivery_display()}"


class NotificationQuerySet(models.QuerySet):
    def for_member(self, member):
        return self.filter(recipient=member)

    def unread(self):
        return self.filter(read_at=None)

    def mark_read(self):
        return self.unread().update(read_at=timezone.now())

    def prune(self):
        """Drops read notifications older than NOTIFICATION_KEEP_READ_DAYS."""
        cutoff = timezone.now() - timedelta(days=settings.NOTIFICATION_KEEP_READ_DAYS)
        unsent = [Mail.PENDING, Mail.DIGEST]
        return self.filter(read_at__lt=cutoff).exclude(mail__in=unsent).delete()[0]


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    text = models.CharField(max_length=300)
    url = models.CharField("link", max_length=200)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Reminders only: what makes one unique, e.g. "loan 12 overdue on 2026-06-02".
    once = models.CharField(max_length=80, blank=True, default="")
    mail = models.CharField(max_length=10, choices=Mail, default=Mail.NONE, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    # A sender holds a mail until then; a failed one waits until then for the next try.
    mail_not_before = models.DateTimeField(default=timezone.now)
    mail_error = models.CharField(max_length=300, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="inbox")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "once"], condition=~Q(once=""), name="one_reminder_each"
            )
        ]

    def __str__(self):
        return f"{self.recipient}: {self.text}"

    @property
    def is_read(self):
        return self.read_at is not None


def new_feed_token():
    return secrets.token_urlsafe(24)


class CalendarFeedQuerySet(models.QuerySet):
    def of(self, member):
        return self.get_or_create(member=member)[0]


class CalendarFeed(models.Model):
    """The secret address of a member's calendar: whoever has it reads the member's dates."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)

    objects = CalendarFeedQuerySet.as_manager()

    def __str__(self):
        return f"Calendar of {self.member}"

    def get_absolute_url(self):
        return reverse("calendar_feed", args=[self.token])

    def reset(self):
        """A new address; the old one is refused from this moment on."""
        self.token = new_feed_token()
        self.save(update_fields=["token"])
