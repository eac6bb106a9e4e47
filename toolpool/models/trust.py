"""The people an owner trusts: their requests may be approved automatically."""

from django.conf import settings
from django.db import models

from members.models import AuditEvent


class TrustedBorrowerQuerySet(models.QuerySet):
    def replace(self, owner, borrowers):
        self.filter(owner=owner).exclude(borrower__in=borrowers).delete()
        for borrower in borrowers:
            self.get_or_create(owner=owner, borrower=borrower)
        names = ", ".join(str(b) for b in borrowers) or "nobody"
        AuditEvent.objects.record(owner, "trust.changed", f"now trusts {names}")


class TrustedBorrower(models.Model):
    """Someone whose requests an owner approves automatically, where the tool allows it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trusted_borrowers"
    )
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trusted_by"
    )

    objects = TrustedBorrowerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "borrower"], name="trust_once"),
        ]

    def __str__(self):
        return f"{self.owner} trusts {self.borrower}"
