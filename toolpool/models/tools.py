"""The tools the family lends each other, and every step that changes who may have one."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property

from members.models import AuditEvent

from .. import notices
from .choices import AutoApprove, Category, Condition, Service
from .lending import CLAIM_DAYS, LendingRefused, check_new_loan_dates, describe_free_days
from .loans import ConditionReport, Loan
from .maintenance import MaintenanceEntry
from .photos import Photo, atomic_with_photos
from .queue import QueueEntry
from .trust import TrustedBorrower


@dataclass(frozen=True)
class Situation:
    """What the tool page's main card tells one member now: ``kind`` names the case, ``loan``
    or ``claim`` is what it is about."""

    kind: str
    manages: bool = False
    loan: Loan | None = None
    claim: QueueEntry | None = None


class ToolQuerySet(models.QuerySet):
    def exported_by(self, member):
        """Every tool for the admin's CSV; the export is audited here."""
        AuditEvent.objects.record(member, "export.tools", "exported all tools as CSV")
        return self.select_related("owner").order_by("pk")

    def active(self):
        return self.filter(archived_at=None)

    def lendable(self):
        # A switched-off member's tools wait for them to come back or for a new owner.
        return self.active().filter(lendable=True, owner__is_active=True, service=Service.OK)

    def free_between(self, start, end):
        booked = Loan.objects.booked().overlapping(start, end).filter(tool=OuterRef("pk"))
        return self.lendable().exclude(Exists(booked))

    def waiting_for_repair(self):
        return self.exclude(service=Service.OK)

    def search(self, text):
        return self.filter(
            Q(name__icontains=text) | Q(description__icontains=text) | Q(location__icontains=text)
        )

    def with_status(self):
        """Everything a tool's status line needs, for any number of tools in three queries."""
        first_photo = Photo.objects.of_the_tool().filter(tool=OuterRef("pk")).order_by("pk")
        return (
            self.select_related("owner")
            .annotate(
                has_open_request=Exists(Loan.objects.waiting().filter(tool=OuterRef("pk"))),
                cover_photo_id=Subquery(first_photo.values("pk")[:1]),
            )
            .prefetch_related(
                Prefetch(
                    "loans",
                    queryset=Loan.objects.current().select_related("borrower").order_by("start"),
                    to_attr="bookings",
                )
            )
        )


class Tool(models.Model):
    name = models.CharField(max_length=80)
    description = models.TextField(max_length=2000, blank=True)
    category = models.CharField(max_length=20, choices=Category, default=Category.OTHER)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tools"
    )
    condition = models.CharField(max_length=10, choices=Condition, default=Condition.GOOD)
    # Only stop_lending, record_condition and log_maintenance change these two.
    service = models.CharField(max_length=10, choices=Service, default=Service.OK, editable=False)
    service_note = models.CharField("why", max_length=200, blank=True, editable=False)
    location = models.CharField(
        "where it is kept", max_length=120, blank=True, help_text="E.g. “garage, blue case”."
    )
    replacement_value = models.DecimalField(
        "replacement value (€)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    manual_url = models.URLField("link to the manual", max_length=500, blank=True)
    lendable = models.BooleanField(
        "can be lent now", default=True, help_text="Untick while you need it yourself."
    )
    auto_approve = models.CharField(
        "approve requests automatically when it is free",
        max_length=10,
        choices=AutoApprove,
        default=AutoApprove.NOBODY,
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ToolQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("toolpool:tool_detail", args=[self.pk])

    def can_manage(self, member):
        return member == self.owner or member.is_admin

    def situation_for(self, member):
        """The one case of the tool page's main card for ``member``, first that applies."""
        manages = self.can_manage(member)
        if self.archived_at:
            return Situation("archived", manages)
        if manages and self.loan_out:
            return Situation("lent_out", manages, loan=self.loan_out)
        if manages and self.handover_due:
            return Situation("hand_over", manages, loan=self.handover_due)
        mine = self.loans.open().live().filter(borrower=member).order_by("start").first()
        if mine:
            return Situation("my_loan", manages, loan=mine)
        if self.needs_mending:
            return Situation("needs_mending", manages)
        if manages:
            return Situation("mine" if self.owner.is_active else "owner_away", manages)
        if self.loan_out:
            queued = self.queue.open().filter(member=member).exists()
            return Situation("in_queue" if queued else "queue", loan=self.loan_out)
        claim = self.claim
        if claim and claim.member != member:
            return Situation("reserved", claim=claim)
        return Situation("ask" if self.is_lending else "not_lending")

    def scan_action_for(self, member):
        """The one step a scan of this tool's label offers ``member`` now (a ``ScanAction``)."""
        from ..labels import scan_action_for  # the labels module builds on these models

        return scan_action_for(self, member)

    @atomic_with_photos()
    def save_with_photos(self, by, photos=()):
        """Saves a new or changed tool, its new ``PreparedPhoto`` list and the audit entry.

        All or nothing: a failure leaves no tool, photo or entry, so sending again is safe.
        """
        adding = self._state.adding
        self.save()
        for photo in photos:
            Photo.objects.add(self, photo, by)
        action, verb = ("tool.added", "added") if adding else ("tool.changed", "changed")
        AuditEvent.objects.record(by, action, f"{verb} {self}", target=self)

    @cached_property
    def bookings(self):
        """Approved and handed-over loans that still hold the tool, soonest first.

        ``with_status()`` prefetches this list for a whole page of tools at once.
        """
        return list(self.loans.current().select_related("borrower").order_by("start"))

    @cached_property
    def has_open_request(self):
        # with_status() annotates this for a whole page of tools at once.
        return self.loans.waiting().exists()

    @property
    def loan_out(self):
        return next((loan for loan in self.bookings if loan.status == Loan.Status.OUT), None)

    @property
    def handover_due(self):
        """The approved loan whose hand-over is due by today, if any."""
        today = timezone.localdate()
        return next(
            (b for b in self.bookings if b.status == Loan.Status.APPROVED and b.start <= today),
            None,
        )

    @property
    def needs_mending(self):
        """Needs repair or out of service: nothing is lent until a repair is logged."""
        return self.service != Service.OK

    @property
    def is_lending(self):
        """Whether members may ask for it: not archived, lendable, in service, its owner not
        switched off."""
        return (
            not self.archived_at
            and self.lendable
            and self.service == Service.OK
            and self.owner.is_active
        )

    @property
    def status(self):
        if self.archived_at:
            return "archived"
        if self.loan_out:
            return "overdue" if self.loan_out.is_overdue else "out"
        if self.service != Service.OK:
            return self.get_service_display().lower()
        if not self.is_lending:
            return "not lending"
        return "requested" if self.has_open_request else "free"

    def free_windows(self, start=None, count=3):
        """The first free stretches from ``start`` on, as (first day, last day or None)."""
        first = start or timezone.localdate()
        windows = []
        for booking in self.bookings:
            if booking.blocks_until is not None and booking.blocks_until < first:
                continue
            if booking.start > first:
                windows.append((first, booking.start - timedelta(days=1)))
            if booking.blocks_until is None:  # overdue: free again only once it is back
                return windows[:count]
            first = booking.blocks_until + timedelta(days=1)
        windows.append((first, None))
        return windows[:count]

    @property
    def free_days(self):
        return describe_free_days(self.free_windows())

    def next_free_date(self):
        if not self.is_lending:
            return None
        windows = self.free_windows(count=1)
        return windows[0][0] if windows else None

    def lock(self):
        """This tool's row, locked until the transaction ends; see the module docstring."""
        return Tool.objects.select_for_update().get(pk=self.pk)

    def check_free(self, start, end, ignoring=None):
        clashes = [loan for loan in self.bookings if loan != ignoring and loan.blocks(start, end)]
        if clashes:
            booked = "; ".join(f"{loan.booked_dates} by {loan.borrower}" for loan in clashes)
            free = describe_free_days(self.free_windows(start))
            raise LendingRefused(f"{self} is already booked {booked}. It is free {free}.")

    def check_in_service(self):
        if self.service != Service.OK:
            why = f" ({self.service_note})" if self.service_note else ""
            raise LendingRefused(
                f"{self} is {self.get_service_display().lower()}{why}; it can be asked for "
                "again once its owner logs the repair."
            )

    def check_lendable_to(self, member):
        if self.archived_at:
            raise LendingRefused(f"{self} is archived and no longer lent out.")
        if member == self.owner:
            raise LendingRefused(f"{self} is your own tool; there is nothing to ask.")
        self.check_in_service()
        if not self.lendable:
            raise LendingRefused(f"{self.owner} is not lending {self} at the moment.")
        if not self.owner.is_active:
            raise LendingRefused(
                f"{self.owner}'s account is switched off, so {self} is not lent until they are "
                "back or it has a new owner."
            )

    def approves_automatically_for(self, member):
        if self.auto_approve == AutoApprove.EVERYONE:
            return True
        return (
            self.auto_approve == AutoApprove.TRUSTED
            and TrustedBorrower.objects.filter(owner=self.owner, borrower=member).exists()
        )

    def ask_to_borrow(self, borrower, start, end, message=""):
        # A transaction of its own: a lapsed claim passes on even if this request is refused.
        self.pass_claim_on()
        with transaction.atomic():
            tool = self.lock()
            tool.check_lendable_to(borrower)
            check_new_loan_dates(start, end)
            claim = tool.claim
            if claim and claim.member != borrower:
                until = date_format(timezone.localtime(claim.claim_until), "D j M, H:i")
                raise LendingRefused(
                    f"{tool} just came back and {claim.member} has first claim on it until {until}."
                )
            tool.check_free(start, end)
            loan = Loan.objects.create(
                tool=tool, borrower=borrower, start=start, end=end, message=message
            )
            loan.record(borrower, "loan.requested", f"asked for {tool} {loan.dates}")
            if claim:
                claim.close(borrower, "queue.claimed", f"claimed {tool} as first in the queue")
            if tool.approves_automatically_for(borrower):
                loan.set_status(
                    Loan.Status.APPROVED, None, "loan.auto_approved", "approved automatically"
                )
            notices.tell_requested(loan)
            return loan

    # The queue: who waits for the tool while it is out.

    @property
    def claim(self):
        """The queue entry that has the tool to itself right now, if any."""
        return self.queue.open().filter(claim_until__gt=timezone.now()).first()

    @transaction.atomic
    def pass_claim_on(self):
        """Gives the next in the queue first claim once the tool is back.

        Runs whenever the tool comes back, someone leaves the queue or asks for the tool,
        and when a member opens their home page; a claim that lapsed unused passes to the
        next in line at the first of those.
        """
        tool = self.lock()
        now = timezone.now()
        for lapsed in tool.queue.open().filter(claim_until__lte=now):
            lapsed.close(None, "queue.claim_lapsed", f"let the first claim on {tool} lapse")
        if tool.claim or tool.loan_out or tool.service != Service.OK:
            return
        entry = tool.queue.open().first()
        if entry:
            entry.claim_until = now + timedelta(days=CLAIM_DAYS)
            entry.save(update_fields=["claim_until"])
            AuditEvent.objects.record(
                None, "queue.offered", f"{tool} is back; {entry.member} has first claim", entry
            )
            notices.tell_queue_turn(entry)

    @transaction.atomic
    def join_queue(self, member):
        tool = self.lock()
        tool.check_lendable_to(member)
        if not tool.loan_out:
            raise LendingRefused(f"{tool} is not out; ask to borrow it instead.")
        if tool.loan_out.borrower == member:
            raise LendingRefused(f"You have {tool} at the moment.")
        entry, created = QueueEntry.objects.get_or_create(tool=tool, member=member, closed_at=None)
        if created:
            AuditEvent.objects.record(member, "queue.joined", f"queued for {tool}", entry)
        return entry

    @transaction.atomic
    def leave_queue(self, member):
        tool = self.lock()
        entry = tool.queue.open().filter(member=member).first()
        if entry is None:
            raise LendingRefused(f"You are not in the queue for {tool}.")
        entry.close(member, "queue.left", f"left the queue for {tool}")
        tool.pass_claim_on()

    @transaction.atomic
    def give_to(self, new_owner, by):
        """Makes another member the owner, e.g. of a switched-off member's tool; its loans and
        history stay with it."""
        tool = self.lock()
        if not new_owner.is_active:
            raise LendingRefused(f"{new_owner}'s account is switched off.")
        if new_owner == tool.owner:
            raise LendingRefused(f"{tool} already belongs to {new_owner}.")
        old_owner, tool.owner = tool.owner, new_owner
        tool.save(update_fields=["owner"])
        self.owner = new_owner
        AuditEvent.objects.record(
            by, "tool.given", f"gave {tool} from {old_owner} to {new_owner}", tool
        )

    # Whether it can be lent at all: needs repair and out of service stop every booking, put
    # approved loans on hold and keep the queue waiting, until a repair is logged.

    def record_condition(self, by, report):
        """A hand-over's or return's condition becomes the tool's; a return that says it needs
        repair stops its lending. Runs inside the loan step, with this tool locked."""
        self.condition = report.condition
        self.save(update_fields=["condition"])
        returned_broken = (
            ConditionReport.Kind(report.kind).after_return
            and report.condition == Condition.NEEDS_REPAIR
        )
        if returned_broken and self.service == Service.OK:
            # The return's own notice tells the owner; one message is enough.
            why = report.note or "said at its return"
            self.stop_lending_now(by, Service.NEEDS_REPAIR, why, tell_owner=False)

    @transaction.atomic
    def stop_lending(self, by, service, why):
        """The owner says it needs repair or is out of service."""
        tool = self.lock()
        if tool.service == service:
            raise LendingRefused(f"{tool} is marked “{tool.get_service_display()}” already.")
        tool.stop_lending_now(by, service, why)

    def stop_lending_now(self, by, service, why, tell_owner=True):
        self.service, self.service_note = service, why[:200]
        self.save(update_fields=["service", "service_note"])
        label = self.get_service_display().lower()
        AuditEvent.objects.record(by, "tool.service_stopped", f"{self} {label}: {why}", self)
        for loan in self.loans.filter(status=Loan.Status.APPROVED).order_by("start", "pk"):
            loan.put_on_hold(by, f"the {self} {label}")
        if tell_owner:
            notices.tell_service_stopped(self, by)

    @atomic_with_photos()
    def log_maintenance(self, by, what, cost=None, repaired=False, photos=()):
        """Records work on the tool; a repair makes it lendable again and releases the loans on
        hold in the order of their dates, then offers it to the queue."""
        tool = self.lock()
        entry = MaintenanceEntry.objects.create(
            tool=tool, what=what, cost=cost, repaired=repaired, done_by=by
        )
        for photo in photos:
            Photo.objects.add(tool, photo, by, maintenance=entry)
        verb = "repaired" if repaired else "worked on"
        AuditEvent.objects.record(by, "tool.maintained", f"{verb} {tool}: {what}", tool)
        if repaired and tool.service != Service.OK:
            tool.service, tool.service_note = Service.OK, ""
            if tool.condition == Condition.NEEDS_REPAIR:
                tool.condition = Condition.GOOD
            tool.save(update_fields=["service", "service_note", "condition"])
            for loan in tool.loans.filter(status=Loan.Status.ON_HOLD).order_by("start", "pk"):
                loan.release(by)
            tool.pass_claim_on()
        return entry

    # Keeping history: a tool that was ever lent is archived, never deleted.

    def archive(self, by):
        if self.archived_at:
            raise LendingRefused(f"{self} is archived already.")
        if self.loans.open().exists():
            raise LendingRefused(
                f"{self} still has open requests or loans; settle them before archiving it."
            )
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at"])
        # Nobody waits for a tool that is no longer lent.
        for entry in self.queue.open():
            entry.close(by, "queue.closed", f"{entry.member} no longer waits: {self} is archived")
        AuditEvent.objects.record(by, "tool.archived", f"archived {self}", self)

    def restore(self, by):
        if not self.archived_at:
            raise LendingRefused(f"{self} is not archived.")
        self.archived_at = None
        self.save(update_fields=["archived_at"])
        AuditEvent.objects.record(
            by, "tool.restored", f"brought {self} back from the archive", self
        )

    @property
    def can_be_deleted(self):
        return not self.loans.exists()

    @transaction.atomic
    def delete_unused(self, by):
        if not self.can_be_deleted:
            raise LendingRefused(f"{self} has been lent before; archive it to keep its history.")
        AuditEvent.objects.record(by, "tool.deleted", f"deleted {self}", self)
        for photo in self.photos.all():
            photo.delete()
        self.queue.all().delete()
        self.delete()
