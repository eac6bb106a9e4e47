"""What Tool Pool tells people, in words that still hold when read days later."""

from django.utils import timezone
from django.utils.formats import date_format

from notifications.models import Kind
from notifications.notify import notify, remind


def on(value):
    return date_format(value, "D j M")


def loan_dates(loan):
    if loan.start == loan.end:
        return f"on {on(loan.start)}"
    return f"from {on(loan.start)} to {on(loan.end)}"


def until(moment):
    return date_format(timezone.localtime(moment), "D j M, H:i")


def tell_requested(loan):
    tool, borrower = loan.tool, loan.borrower
    if loan.approved_automatically:
        notify(
            [tool.owner],
            Kind.LOAN_REQUESTED,
            f"{borrower} borrows your {tool} {loan_dates(loan)} (approved automatically).",
            loan.get_absolute_url(),
            actor=borrower,
        )
        # Nobody approved it, so the borrower hears it like any other approval.
        notify(
            [borrower],
            Kind.LOAN_AUTO_APPROVED,
            f"{tool.owner} lends you the {tool} {loan_dates(loan)}: approved automatically.",
            loan.get_absolute_url(),
        )
    else:
        notify(
            [tool.owner],
            Kind.LOAN_REQUESTED,
            f"{borrower} asks to borrow your {tool} {loan_dates(loan)}.",
            loan.get_absolute_url(),
            actor=borrower,
        )


def tell_decided(loan, by):
    approved = loan.status == loan.Status.APPROVED
    notify(
        [loan.borrower],
        Kind.LOAN_APPROVED if approved else Kind.LOAN_DECLINED,
        f"{by} {'approved' if approved else 'declined'} your request for the {loan.tool} "
        f"{loan_dates(loan)}.",
        loan.get_absolute_url(),
        actor=by,
    )


def tell_handed_over(loan, by):
    notify(
        [loan.borrower, loan.tool.owner],
        Kind.LOAN_HANDED_OVER,
        f"{by} handed the {loan.tool} over to {loan.borrower}; it is due back {on(loan.end)}.",
        loan.get_absolute_url(),
        actor=by,
    )


def tell_returned(loan, by, report):
    condition = report.get_condition_display().lower()
    note = f": “{report.note}”" if report.note else ""
    text = f"{by} returned the {loan.tool} ({condition}){note}."
    if loan.tool.needs_mending:
        text += " Nobody can borrow it until a repair is logged on its page."
    if loan.return_check == loan.ReturnCheck.WAITING:
        text += " Please confirm it came back like this, or dispute it, on the loan's page."
    notify(
        [loan.tool.owner, loan.borrower],
        Kind.LOAN_RETURNED,
        text,
        loan.get_absolute_url(),
        actor=by,
    )


def tell_on_hold(loan, why):
    notify(
        [loan.borrower],
        Kind.LOAN_ON_HOLD,
        f"Your loan of the {loan.tool} {loan_dates(loan)} is on hold: {why}. You will hear "
        "when it is mended.",
        loan.get_absolute_url(),
    )


def tell_released(loan):
    if loan.status == loan.Status.APPROVED:
        text = f"The {loan.tool} is mended: your loan {loan_dates(loan)} stands again."
    else:
        text = (
            f"The {loan.tool} was mended too late for your loan {loan_dates(loan)}, so it is "
            "cancelled; ask again for new dates."
        )
    notify([loan.borrower], Kind.LOAN_ON_HOLD, text, loan.get_absolute_url())


def tell_service_stopped(tool, by):
    notify(
        [tool.owner],
        Kind.TOOL_NEEDS_REPAIR,
        f"{by} says your {tool} {tool.get_service_display().lower()}: “{tool.service_note}”. "
        "Nobody can borrow it until you log the repair on its page.",
        tool.get_absolute_url(),
        actor=by,
    )


def tell_return_checked(loan, by, dispute=None):
    if dispute is None:
        text = f"{by} confirmed the {loan.tool} came back as you said. Thank you!"
    else:
        condition = dispute.get_condition_display().lower()
        text = f"{by} disputes your return of the {loan.tool} ({condition}): “{dispute.note}”."
    notify([loan.borrower], Kind.LOAN_RETURNED, text, loan.get_absolute_url(), actor=by)


def tell_queue_turn(entry):
    notify(
        [entry.member],
        Kind.QUEUE_TURN,
        f"Your turn: the {entry.tool} is back. It is yours to ask for until "
        f"{until(entry.claim_until)}.",
        entry.tool.get_absolute_url(),
    )


def tell_answered(answer):
    wanted = answer.wanted
    reply = f"their {answer.tool}" if answer.tool else "I have one"
    note = f" – “{answer.note}”" if answer.note else ""
    notify(
        [wanted.asker],
        Kind.WANTED_ANSWERED,
        f"{answer.member} answered “{wanted.what}”: {reply}{note}.",
        wanted.get_absolute_url(),
        actor=answer.member,
    )


def remind_due_tomorrow(loan):
    remind(
        [loan.borrower],
        Kind.LOAN_DUE_TOMORROW,
        f"The {loan.tool} is due back to {loan.tool.owner} tomorrow, {on(loan.end)}.",
        loan.get_absolute_url(),
        once=f"loan {loan.pk} due {loan.end}",
    )


def remind_overdue(loan, today):
    remind(
        [loan.borrower],
        Kind.LOAN_OVERDUE,
        f"The {loan.tool} was due back to {loan.tool.owner} on {on(loan.end)}: "
        f"{(today - loan.end).days} days overdue.",
        loan.get_absolute_url(),
        once=f"loan {loan.pk} overdue {today}",
    )
