"""Tool Pool: the tools the family lends each other, and the loans that move them around.

Every change to a tool's loans first locks the tool's row (``Tool.lock``) inside a
transaction, so two decisions about the same tool happen one after the other and the second
one sees the first: that is what keeps a tool from being promised twice.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property

from members.models import AuditEvent

from .photos import reencode

# Once a tool is back, the first member in its queue has it to themselves for this long.
CLAIM_DAYS = 2
DUE_SOON_DAYS = 3
MAX_LOAN_DAYS = 90


class LendingRefused(Exception):
    """A lending step the tool or loan does not allow right now; the message says why."""


def day(value):
    """A date as people say it: 'today', 'tomorrow', 'Tue 2 Jun', 'Mon 4 Jan 2027'."""
    today = timezone.localdate()
    if value == today:
        return "today"
    if value == today + timedelta(days=1):
        return "tomorrow"
    return date_format(value, "D j M" if value.year == today.year else "D j M Y")


def describe_free_days(windows):
    """'today – Tue 2 Jun, from Mon 8 Jun on' for the free stretches of a tool."""
    parts = []
    for first, last in windows:
        if last is None:
            parts.append(f"from {day(first)} on")
        elif first == last:
            parts.append(day(first))
        else:
            parts.append(f"{day(first)} – {day(last)}")
    return ", ".join(parts)


class Category(models.TextChoices):
    POWER = "power", "Power tools"
    HAND = "hand", "Hand tools"
    GARDEN = "garden", "Garden"
    LADDERS = "ladders", "Ladders & heights"
    CLEANING = "cleaning", "Cleaning"
    CAMPING = "camping", "Camping & outdoors"
    KITCHEN = "kitchen", "Kitchen & parties"
    VEHICLE = "vehicle", "Car & bike"
    OTHER = "other", "Other"


class Condition(models.TextChoices):
    LIKE_NEW = "new", "Like new"
    GOOD = "good", "Good"
    WORN = "worn", "Worn, works fine"
    NEEDS_REPAIR = "repair", "Needs repair"


class AutoApprove(models.TextChoices):
    NOBODY = "nobody", "No, I decide every request"
    TRUSTED = "trusted", "Yes, for the people I trust"
    EVERYONE = "everyone", "Yes, for everyone"


class ToolQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at=None)

    def lendable(self):
        return self.active().filter(lendable=True)

    def free_between(self, start, end):
        booked = Loan.objects.booked().overlapping(start, end).filter(tool=OuterRef("pk"))
        return self.lendable().exclude(Exists(booked))

    def search(self, text):
        return self.filter(
            Q(name__icontains=text) | Q(description__icontains=text) | Q(location__icontains=text)
        )

    def with_status(self):
        """Everything a tool's status line needs, for any number of tools in three queries."""
        first_photo = Photo.objects.filter(tool=OuterRef("pk"), report=None).order_by("pk")
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
    location = models.CharField(
        "where it is kept", max_length=120, blank=True, help_text="E.g. “garage, blue case”."
    )
    replacement_value = models.DecimalField(
        "replacement value (€)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    manual_url = models.URLField("link to the manual", max_length=500, blank=True)
    lendable = models.BooleanField(
        "can be lent now", default=True, help_text="Untick while it is broken or you need it."
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

    def is_managed_by(self, member):
        return member == self.owner or member.is_admin

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
    def status(self):
        if self.archived_at:
            return "archived"
        if self.loan_out:
            return "overdue" if self.loan_out.is_overdue else "out"
        if not self.lendable:
            return "not lending"
        return "requested" if self.has_open_request else "free"

    def free_windows(self, start=None, count=3):
        """The first free stretches from ``start`` on, as (first day, last day or None)."""
        first = start or timezone.localdate()
        windows = []
        for booking in self.bookings:
            if booking.blocks_until < first:
                continue
            if booking.start > first:
                windows.append((first, booking.start - timedelta(days=1)))
            first = booking.blocks_until + timedelta(days=1)
        windows.append((first, None))
        return windows[:count]

    @property
    def free_days(self):
        return describe_free_days(self.free_windows())

    def next_free_date(self):
        if self.archived_at or not self.lendable:
            return None
        return self.free_windows(count=1)[0][0]

    def lock(self):
        """This tool's row, locked until the transaction ends; see the module docstring."""
        return Tool.objects.select_for_update().get(pk=self.pk)

    def check_free(self, start, end, ignoring=None):
        clashes = [
            loan
            for loan in self.bookings
            if loan != ignoring and loan.start <= end and loan.blocks_until >= start
        ]
        if clashes:
            booked = "; ".join(
                f"{day(loan.start)} – {day(loan.blocks_until)} by {loan.borrower}"
                for loan in clashes
            )
            free = describe_free_days(self.free_windows(start))
            raise LendingRefused(f"{self} is already booked {booked}. It is free {free}.")

    def check_lendable_to(self, member):
        if self.archived_at:
            raise LendingRefused(f"{self} is archived and no longer lent out.")
        if member == self.owner:
            raise LendingRefused(f"{self} is your own tool; there is nothing to ask.")
        if not self.lendable:
            raise LendingRefused(f"{self.owner} is not lending {self} at the moment.")

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
        if tool.claim or tool.loan_out:
            return
        entry = tool.queue.open().first()
        if entry:
            entry.claim_until = now + timedelta(days=CLAIM_DAYS)
            entry.save(update_fields=["claim_until"])
            AuditEvent.objects.record(
                None, "queue.offered", f"{tool} is back; {entry.member} has first claim", entry
            )

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

    # Keeping history: a tool that was ever lent is archived, never deleted.

    def archive(self, by):
        if self.loans.open().exists():
            raise LendingRefused(
                f"{self} still has open requests or loans; settle them before archiving it."
            )
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at"])
        AuditEvent.objects.record(by, "tool.archived", f"archived {self}", self)

    def restore(self, by):
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


class LoanQuerySet(models.QuerySet):
    def open(self):
        return self.filter(
            status__in=[Loan.Status.REQUESTED, Loan.Status.APPROVED, Loan.Status.OUT]
        )

    def booked(self):
        return self.filter(status__in=[Loan.Status.APPROVED, Loan.Status.OUT])

    def live(self):
        """Loans whose dates have not passed, and every loan still out."""
        return self.filter(Q(end__gte=timezone.localdate()) | Q(status=Loan.Status.OUT))

    def current(self):
        return self.booked().live()

    def handed_over(self):
        return self.filter(status__in=[Loan.Status.OUT, Loan.Status.RETURNED])

    def overlapping(self, start, end):
        reaches_start = Q(end__gte=start)
        if start <= timezone.localdate():
            # A loan that is out blocks the tool until it comes back, due or not.
            reaches_start |= Q(status=Loan.Status.OUT)
        return self.filter(reaches_start, start__lte=end)

    def waiting(self):
        """Requests nobody has decided on yet and whose dates have not passed."""
        return self.filter(status=Loan.Status.REQUESTED).live()

    def overdue(self):
        return self.filter(status=Loan.Status.OUT, end__lt=timezone.localdate())

    def due_soon(self):
        today = timezone.localdate()
        return self.filter(
            status=Loan.Status.OUT, end__range=(today, today + timedelta(days=DUE_SOON_DAYS))
        )

    def involving(self, member):
        return self.filter(Q(borrower=member) | Q(tool__owner=member))


class Loan(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"
        OUT = "out", "Out"
        RETURNED = "returned", "Returned"

    tool = models.ForeignKey(Tool, on_delete=models.PROTECT, related_name="loans")
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="loans"
    )
    start = models.DateField("from")
    end = models.DateField("until", help_text="The day you bring it back.")
    message = models.TextField(
        "message to the owner", max_length=1000, blank=True, help_text="What is it for?"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the request was approved automatically.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)

    objects = LoanQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="loan_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.tool} for {self.borrower}, {self.dates}"

    def get_absolute_url(self):
        return reverse("toolpool:loan_detail", args=[self.pk])

    @property
    def dates(self):
        if self.start == self.end:
            return day(self.start)
        return f"{day(self.start)} – {day(self.end)}"

    @property
    def blocks_until(self):
        """The last day this loan keeps the tool: its due date, or today if it is overdue."""
        if self.status == Loan.Status.OUT:
            return max(self.end, timezone.localdate())
        return self.end

    @property
    def is_overdue(self):
        return self.status == Loan.Status.OUT and self.end < timezone.localdate()

    @property
    def days_overdue(self):
        return (timezone.localdate() - self.end).days if self.is_overdue else 0

    @property
    def state(self):
        """The status a person cares about: like ``status``, but an overdue loan says so."""
        return "overdue" if self.is_overdue else self.status

    @property
    def approved_automatically(self):
        return self.decided_at is not None and self.decided_by_id is None

    # Who may do what: the tool's owner decides, admins may do anything.

    def can_decide(self, member):
        return self.tool.is_managed_by(member)

    def can_cancel(self, member):
        return member == self.borrower or member.is_admin

    def can_return(self, member):
        return member == self.borrower or self.tool.is_managed_by(member)

    def can_see(self, member):
        return member == self.borrower or self.tool.is_managed_by(member)

    def actions_for(self, member):
        """The steps this member can take on the loan now, in the order to offer them."""
        actions = []
        if self.status == Loan.Status.REQUESTED and self.can_decide(member):
            actions += ["approve", "decline"]
        if self.status == Loan.Status.APPROVED and self.can_decide(member):
            if self.start <= timezone.localdate():
                actions.append("hand_over")
        if self.status == Loan.Status.OUT and self.can_return(member):
            actions.append("return")
        if self.status in (Loan.Status.APPROVED, Loan.Status.OUT) and self.can_decide(member):
            actions.append("extend")
        if self.status in (Loan.Status.REQUESTED, Loan.Status.APPROVED) and self.can_cancel(member):
            actions.append("cancel")
        return actions

    # Each step below locks the tool, re-reads the loan and records itself in the audit log.

    def record(self, actor, action, summary):
        AuditEvent.objects.record(actor, action, f"{summary} ({self})", target=self)

    def set_status(self, status, by, action, summary, **fields):
        self.status = status
        for name, value in fields.items():
            setattr(self, name, value)
        if status in (Loan.Status.APPROVED, Loan.Status.DECLINED):
            self.decided_by, self.decided_at = by, timezone.now()
        self.save()
        self.record(by, action, summary)

    def lock(self, *statuses):
        """Locks the tool, re-reads this loan and checks it is still in one of ``statuses``."""
        tool = self.tool.lock()
        self.refresh_from_db()
        if self.status not in statuses:
            raise LendingRefused(f"This loan is {self.get_status_display().lower()} by now.")
        return tool

    @transaction.atomic
    def approve(self, by):
        tool = self.lock(Loan.Status.REQUESTED)
        if self.end < timezone.localdate():
            raise LendingRefused("The dates of this request have passed.")
        tool.check_free(self.start, self.end)
        self.set_status(Loan.Status.APPROVED, by, "loan.approved", "approved")

    @transaction.atomic
    def decline(self, by):
        self.lock(Loan.Status.REQUESTED)
        self.set_status(Loan.Status.DECLINED, by, "loan.declined", "declined")

    @transaction.atomic
    def cancel(self, by):
        self.lock(Loan.Status.REQUESTED, Loan.Status.APPROVED)
        self.set_status(Loan.Status.CANCELLED, by, "loan.cancelled", "cancelled")

    @transaction.atomic
    def hand_over(self, by, condition, note="", uploads=()):
        tool = self.lock(Loan.Status.APPROVED)
        if tool.loan_out:
            raise LendingRefused(f"{tool.loan_out.borrower} still has {tool}.")
        self.set_status(
            Loan.Status.OUT, by, "loan.handed_over", "handed over", handed_over_at=timezone.now()
        )
        ConditionReport.objects.file(
            self, ConditionReport.Kind.HAND_OVER, by, condition, note, uploads
        )

    @transaction.atomic
    def mark_returned(self, by, condition, note="", uploads=()):
        tool = self.lock(Loan.Status.OUT)
        self.set_status(
            Loan.Status.RETURNED, by, "loan.returned", "returned", returned_at=timezone.now()
        )
        ConditionReport.objects.file(
            self, ConditionReport.Kind.RETURN, by, condition, note, uploads
        )
        tool.pass_claim_on()

    @transaction.atomic
    def extend(self, by, new_end):
        tool = self.lock(Loan.Status.APPROVED, Loan.Status.OUT)
        if new_end <= self.end:
            raise LendingRefused(f"The loan already runs until {day(self.end)}.")
        tool.check_free(self.end + timedelta(days=1), new_end, ignoring=self)
        old_end, self.end = self.end, new_end
        self.save(update_fields=["end"])
        self.record(by, "loan.extended", f"extended from {day(old_end)} to {day(new_end)}")


class ConditionReportQuerySet(models.QuerySet):
    def file(self, loan, kind, by, condition, note, uploads):
        report = self.create(loan=loan, kind=kind, condition=condition, note=note, recorded_by=by)
        for upload in uploads:
            Photo.objects.add(loan.tool, upload, by, report=report)
        Tool.objects.filter(pk=loan.tool_id).update(condition=condition)
        return report


class ConditionReport(models.Model):
    """How the tool looked at hand-over or return, so damage is tied to the loan it happened in."""

    class Kind(models.TextChoices):
        HAND_OVER = "hand_over", "At hand-over"
        RETURN = "return", "At return"

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=10, choices=Kind)
    condition = models.CharField(max_length=10, choices=Condition)
    note = models.TextField(max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ConditionReportQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.loan}"


def photo_path(photo, filename):
    # A random name: the original name may say more about the family than the photo does.
    return f"toolpool/{uuid.uuid4().hex}.jpg"


class PhotoQuerySet(models.QuerySet):
    def add(self, tool, upload, by, report=None):
        full, thumbnail = reencode(upload)
        photo = self.model(tool=tool, report=report, uploaded_by=by)
        photo.image.save("photo.jpg", full, save=False)
        photo.thumbnail.save("thumb.jpg", thumbnail, save=False)
        photo.save()
        return photo


class Photo(models.Model):
    """A photo of a tool, or of its condition at a hand-over or return (then ``report`` is set).

    Stored re-encoded without any metadata, and served only to signed-in members.
    """

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="photos")
    report = models.ForeignKey(
        ConditionReport, null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    image = models.ImageField(upload_to=photo_path)
    thumbnail = models.ImageField(upload_to=photo_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Photo of {self.tool}"

    def delete(self, *args, **kwargs):
        self.image.delete(save=False)
        self.thumbnail.delete(save=False)
        return super().delete(*args, **kwargs)


class QueueEntryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at=None)

    def claims_of(self, member):
        return self.open().filter(member=member, claim_until__gt=timezone.now())

    def pass_on_lapsed_claims(self):
        lapsed = self.open().filter(claim_until__lte=timezone.now())
        for tool in Tool.objects.filter(queue__in=lapsed).distinct():
            tool.pass_claim_on()


class QueueEntry(models.Model):
    """A member waiting for a tool that is out; the first in line gets first claim on it."""

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="queue")
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

    def may_be_marked_solved_by(self, member):
        return not self.solved_at and (member == self.asker or member.is_admin)

    def answer(self, member, tool=None, note=""):
        answer = self.answers.create(member=member, tool=tool, note=note)
        AuditEvent.objects.record(
            member, "wanted.answered", f"answered “{self.what}” with {tool or 'I have one'}", self
        )
        return answer

    def mark_solved(self, by):
        self.solved_at = timezone.now()
        self.save(update_fields=["solved_at"])
        AuditEvent.objects.record(by, "wanted.solved", f"marked “{self.what}” solved", self)


class WantedAnswer(models.Model):
    wanted = models.ForeignKey(WantedTool, on_delete=models.CASCADE, related_name="answers")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tool = models.ForeignKey(
        Tool, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "pk"]

    def __str__(self):
        return f"{self.member} on {self.wanted}"
