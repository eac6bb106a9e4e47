"""The queue: who waits for a tool while it is out."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from members.models import AuditEvent


class QueueEntryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at=None)

    def claims_of(self, member):
        return self.open().filter(member=member, claim_until__gt=timezone.now())

    def pass_on_lapsed_claims(self):
        lapsed = self.open().filter(claim_until__lte=timezone.now()).select_related("tool")
        for tool in {entry.tool for entry in lapsed}:
            tool.pass_claim_on()


class QueueEntry(models.Model):
    """A member waiting for a tool that is out; the first in line gets first claim on it."""

    tool = models.ForeignKey("toolpool.Tool", on_delete=models.CASCADE, related_name="queue")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="queue_entries"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    claim_until = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = QueueEntryQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name_plural = "queue entries"
        constraints = [
            models.UniqueConstraint(
                fields=["tool", "member"], condition=Q(closed_at=None), name="one_place_in_queue"
            )
        ]

    def __str__(self):
        return f"{self.member} waiting for {self.tool}"

    def close(self, by, action, summary):
        self.closed_at = timezone.now()
        self.save(update_fields=["closed_at"])
        AuditEvent.objects.record(by, action, summary, target=self)
