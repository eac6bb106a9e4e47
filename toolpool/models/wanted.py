"""“Who has a …?”: questions for tools nobody has listed yet, and their answers."""

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from members.models import AuditEvent

from .. import notices


class WantedToolQuerySet(models.QuerySet):
    def ask(self, asker, what, details=""):
        wanted = self.create(asker=asker, what=what, details=details)
        AuditEvent.objects.record(asker, "wanted.asked", f"asked “{wanted}”", wanted)
        return wanted


class WantedTool(models.Model):
    """“Who has a …?”: a member asks the family for a tool nobody has listed yet."""

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="wanted_tools"
    )
    what = models.CharField("what are you looking for?", max_length=80)
    details = models.TextField(
        max_length=1000, blank=True, help_text="When you need it, what for, any size or kind."
    )
    asked_at = models.DateTimeField(default=timezone.now)
    solved_at = models.DateTimeField(null=True, blank=True)

    objects = WantedToolQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at", "-pk"]

    def __str__(self):
        return f"Who has a {self.what}?"

    def get_absolute_url(self):
        return reverse("toolpool:wanted_detail", args=[self.pk])

    def can_mark_solved(self, member):
        return not self.solved_at and (member == self.asker or member.is_admin)

    @transaction.atomic
    def answer(self, member, tool=None, note=""):
        answer = self.answers.create(member=member, tool=tool, note=note)
        AuditEvent.objects.record(
            member, "wanted.answered", f"answered “{self.what}” with {tool or 'I have one'}", self
        )
        notices.tell_answered(answer)
        return answer

    def mark_solved(self, by):
        self.solved_at = timezone.now()
        self.save(update_fields=["solved_at"])
        AuditEvent.objects.record(by, "wanted.solved", f"marked “{self.what}” solved", self)


class WantedAnswer(models.Model):
    wanted = models.ForeignKey(WantedTool, on_delete=models.CASCADE, related_name="answers")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tool = models.ForeignKey(
        "toolpool.Tool", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "pk"]

    def __str__(self):
        return f"{self.member} on {self.wanted}"
