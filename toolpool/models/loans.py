"""Loans: a request, its decision, the hand-over and the return, each recorded."""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from members.models import AuditEvent

from .. import notices
from .choices import Condition
from .lending import DUE_SOON_DAYS, LendingRefused, check_length, check_new_end, day
from .photos import Photo, atomic_with_photos


class LoanQuerySet(models.QuerySet):
    def exported_by(self, member):
        """Every loan for the admin's CSV; the export is audited here."""
        AuditEvent.objects.record(member, "export.loans", "exported all loans as CSV")
        return self.select_related("tool__owner", "borrower").order_by("pk")

    def open(self):
        return self.filter(
            status__in=[
                Loan.Status.REQUESTED,
                Loan.Status.APPROVED,
                Loan.Status.ON_HOLD,
                Loan.Status.OUT,
            ]
        )

    def booked(self):
        # A loan on hold keeps its dates: it is approved again, as it was, once the tool is mended.
        return self.filter(status__in=[Loan.Status.APPROVED, Loan.Status.ON_HOLD, Loan.Status.OUT])

    def live(self):
        """Loans whose dates have not passed, and every loan still out."""
        return self.filter(Q(end__gte=timezone.localdate()) | Q(status=Loan.Status.OUT))

    def current(self):
        return self.booked().live()

    def handed_over(self):
        return self.filter(status__in=[Loan.Status.OUT, Loan.Status.RETURNED])

    def overlapping(self, start, end):
        # An overdue loan blocks the tool until it comes back, and nobody knows when that is.
        reaches_start = Q(end__gte=start) | Q(status=Loan.Status.OUT, end__lt=timezone.localdate())
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

    def sections_for(self, member):
        """The lists of loans on a member's home page, by name, each in its own order."""
        loans = self.select_related("tool__owner", "borrower").order_by("end", "pk")
        return {
            "to_decide": loans.waiting().filter(tool__owner=member).order_by("start", "pk"),
            "overdue": loans.overdue().involving(member),
            "due_soon": loans.due_soon().involving(member),
            "borrowed": loans.open().live().filter(borrower=member),
            "lent": loans.current().filter(tool__owner=member),
        }

    def requested(self):
        """Every request nobody has decided on, whether or not its dates have passed."""
        return self.filter(status=Loan.Status.REQUESTED)


class Loan(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        # Approved, but the tool needs repair or is out of service until someone mends it.
        ON_HOLD = "on_hold", "On hold"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"
        OUT = "out", "Out"
        RETURNED = "returned", "Returned"

    tool = models.ForeignKey("toolpool.Tool", on_delete=models.PROTECT, related_name="loans")
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
    decision_note = models.CharField("reason", max_length=200, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)

    class ReturnCheck(models.TextChoices):
        """The owner's word on a return the borrower reported."""

        NONE = "", "Not returned yet"
        WAITING = "waiting", "Waiting for the owner to confirm"
        CONFIRMED = "confirmed", "Confirmed by the owner"
        DISPUTED = "disputed", "Disputed by the owner"

    return_check = models.CharField(
        max_length=10, choices=ReturnCheck, default=ReturnCheck.NONE, blank=True
    )

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
    def booked_dates(self):
        """The days this loan keeps the tool, as people say them."""
        if self.blocks_until is None:
            return f"since {day(self.start)}, overdue since {day(self.end)}"
        return f"{day(self.start)} – {day(self.blocks_until)}"

    @property
    def blocks_until(self):
        """The last day this loan keeps the tool: its due date, or None while it is overdue
        (it keeps the tool until it is back, and nobody knows when that will be)."""
        return None if self.is_overdue else self.end

    def blocks(self, start, end):
        """Whether this loan keeps the tool on any day from start to end."""
        return self.start <= end and (self.blocks_until is None or self.blocks_until >= start)

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
    def state_label(self):
        return "overdue" if self.is_overdue else self.get_status_display().lower()

    @property
    def approved_automatically(self):
        return self.decided_at is not None and self.decided_by_id is None

    # Who may do what: the tool's owner decides, admins may do anything.

    def can_decide(self, member):
        return self.tool.can_manage(member)

    def can_cancel(self, member):
        return member == self.borrower or member.is_admin

    def can_return(self, member):
        return member == self.borrower or self.tool.can_manage(member)

    def can_see(self, member):
        return member == self.borrower or self.tool.can_manage(member)

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
        if self.return_check == Loan.ReturnCheck.WAITING and self.can_decide(member):
            actions += ["confirm_return", "dispute_return"]
        if self.status in (Loan.Status.APPROVED, Loan.Status.OUT) and self.can_decide(member):
            actions.append("extend")
        waiting = (Loan.Status.REQUESTED, Loan.Status.APPROVED, Loan.Status.ON_HOLD)
        if self.status in waiting and self.can_cancel(member):
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
        if not self.borrower.is_active:
            raise LendingRefused(f"{self.borrower}'s account is switched off.")
        tool.check_in_service()
        check_length(self.start, self.end)
        tool.check_free(self.start, self.end)
        self.set_status(Loan.Status.APPROVED, by, "loan.approved", "approved")
        notices.tell_decided(self, by)

    @transaction.atomic
    def decline(self, by, reason=""):
        self.lock(Loan.Status.REQUESTED)
        summary = f"declined: {reason}" if reason else "declined"
        self.set_status(Loan.Status.DECLINED, by, "loan.declined", summary, decision_note=reason)
        notices.tell_decided(self, by)

    @transaction.atomic
    def cancel(self, by):
        self.lock(Loan.Status.REQUESTED, Loan.Status.APPROVED, Loan.Status.ON_HOLD)
        self.set_status(Loan.Status.CANCELLED, by, "loan.cancelled", "cancelled")

    # Holds: Tool.stop_lending and Tool.log_maintenance call these with the tool locked.

    def put_on_hold(self, by, why):
        self.status = Loan.Status.ON_HOLD
        self.save(update_fields=["status"])
        self.record(by, "loan.on_hold", f"on hold: {why}")
        notices.tell_on_hold(self, why)

    def release(self, by):
        """Approved again as it was; a loan whose dates passed while it waited is cancelled."""
        if self.end < timezone.localdate():
            self.status = Loan.Status.CANCELLED
            summary = "cancelled: its dates passed while the tool was being repaired"
        else:
            self.status = Loan.Status.APPROVED
            summary = "approved again: the tool is repaired"
        self.save(update_fields=["status"])
        self.record(by, "loan.released", summary)
        notices.tell_released(self)

    @atomic_with_photos()
    def hand_over(self, by, condition, note="", photos=()):
        tool = self.lock(Loan.Status.APPROVED)
        if tool.loan_out:
            raise LendingRefused(f"{tool.loan_out.borrower} still has {tool}.")
        self.set_status(
            Loan.Status.OUT, by, "loan.handed_over", "handed over", handed_over_at=timezone.now()
        )
        ConditionReport.objects.file(
            self, ConditionReport.Kind.HAND_OVER, by, condition, note, photos
        )
        notices.tell_handed_over(self, by)

    @atomic_with_photos()
    def mark_returned(self, by, condition, note="", photos=()):
        """The tool is back. Reported by the borrower, it waits for the owner to confirm it came
        back as described; the owner taking it back in person records both at once."""
        tool = self.lock(Loan.Status.OUT)
        check = Loan.ReturnCheck.CONFIRMED if self.can_decide(by) else Loan.ReturnCheck.WAITING
        self.set_status(
            Loan.Status.RETURNED,
            by,
            "loan.returned",
            "returned" if check == Loan.ReturnCheck.WAITING else "taken back and confirmed",
            returned_at=timezone.now(),
            return_check=check,
        )
        report = ConditionReport.objects.file(
            self, ConditionReport.Kind.RETURN, by, condition, note, photos
        )
        notices.tell_returned(self, by, report)
        tool.pass_claim_on()

    def lock_waiting_return(self):
        tool = self.lock(Loan.Status.RETURNED)
        if self.return_check != Loan.ReturnCheck.WAITING:
            raise LendingRefused(f"This return is {self.get_return_check_display().lower()}.")
        return tool

    @transaction.atomic
    def confirm_return(self, by):
        self.lock_waiting_return()
        self.return_check = Loan.ReturnCheck.CONFIRMED
        self.save(update_fields=["return_check"])
        self.record(by, "loan.return_confirmed", "return confirmed")
        notices.tell_return_checked(self, by)

    @atomic_with_photos()
    def dispute_return(self, by, condition, note, photos=()):
        """The owner found it otherwise than described: both sides stay on the loan's record,
        and the owner's condition becomes the tool's (a repair stops its lending)."""
        self.lock_waiting_return()
        self.return_check = Loan.ReturnCheck.DISPUTED
        self.save(update_fields=["return_check"])
        report = ConditionReport.objects.file(
            self, ConditionReport.Kind.OWNER_CHECK, by, condition, note, photos
        )
        self.record(by, "loan.return_disputed", f"return disputed: {note}")
        notices.tell_return_checked(self, by, report)

    @transaction.atomic
    def extend(self, by, new_end):
        tool = self.lock(Loan.Status.APPROVED, Loan.Status.OUT)
        check_new_end(self, new_end)
        tool.check_free(self.end + timedelta(days=1), new_end, ignoring=self)
        old_end, self.end = self.end, new_end
        self.save(update_fields=["end"])
        self.record(by, "loan.extended", f"extended from {day(old_end)} to {day(new_end)}")


class ConditionReportQuerySet(models.QuerySet):
    def file(self, loan, kind, by, condition, note, photos):
        """Files the report with its ``PreparedPhoto`` list, inside the caller's transaction."""
        report = self.create(loan=loan, kind=kind, condition=condition, note=note, recorded_by=by)
        for photo in photos:
            Photo.objects.add(loan.tool, photo, by, report=report)
        loan.tool.record_condition(by, report)
        return report


class ConditionReport(models.Model):
    """How the tool looked at hand-over or return, so damage is tied to the loan it happened in."""

    class Kind(models.TextChoices):
        HAND_OVER = "hand_over", "At hand-over"
        RETURN = "return", "At return"
        OWNER_CHECK = "check", "The owner disputes the return"

        @property
        def after_return(self):
            return self != self.HAND_OVER

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
