"""The maintenance log: what was done to a tool, by whom, when, and whether it mended it."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone


class MaintenanceEntry(models.Model):
    """One piece of work on a tool; ``repaired`` entries are what make it lendable again."""

    tool = models.ForeignKey("toolpool.Tool", on_delete=models.CASCADE, related_name="maintenance")
    what = models.TextField("what was done", max_length=1000)
    cost = models.DecimalField(
        "cost (€)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    repaired = models.BooleanField(
        "it works again", default=False, help_text="Tick when it can be lent again."
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-done_at", "-pk"]
        verbose_name_plural = "maintenance entries"

    def __str__(self):
        return f"Maintenance of {self.tool} on {self.done_at:%Y-%m-%d}"
