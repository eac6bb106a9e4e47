"""What every lending step shares: its limits, its refusal, and dates as people say them."""

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format

from family_tools.forms import END_BEFORE_START

# Once a tool is back, the first member in its queue has it to themselves for this long.
CLAIM_DAYS = 2
DUE_SOON_DAYS = 3
MAX_LOAN_DAYS = 90
# How far ahead a loan may start: enough for any real plan, and a mistyped year is caught
# before it books a tool for the year 9999 (where counting free days runs out of calendar).
MAX_DAYS_AHEAD = 365


def latest_start():
    """The last day a loan asked for today may start on."""
    return timezone.localdate() + timedelta(days=MAX_DAYS_AHEAD)


class LendingRefused(Exception):
    """A lending step the tool or loan does not allow right now; the message says why.

    ``field`` names the date the refusal is about, so a form shows it next to that date.
    """

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# The date rules of lending. Every path to a loan goes through these: the forms (to show the
# message next to the date), the model steps that ask, approve and extend, and a trip's borrowing.


def check_start(start):
    """A loan asked for today starts today or later, and at most MAX_DAYS_AHEAD ahead."""
    if start < timezone.localdate():
        raise LendingRefused("This date has passed; pick today or later.", field="start")
    if start > latest_start():
        raise LendingRefused(
            f"Pick a day up to a year ahead, until {day(latest_start())}.", field="start"
        )


def check_length(start, end):
    """A loan ends on or after its start, and lasts at most MAX_LOAN_DAYS."""
    if end < start:
        raise LendingRefused(END_BEFORE_START, field="end")
    if (end - start).days > MAX_LOAN_DAYS:
        raise LendingRefused(
            f"A loan can last at most {MAX_LOAN_DAYS} days; ask again later.", field="end"
        )


def check_new_loan_dates(start, end):
    check_start(start)
    check_length(start, end)


def check_new_end(loan, new_end):
    """An extension moves the due date later, not into the past, within MAX_LOAN_DAYS."""
    if new_end < timezone.localdate():
        raise LendingRefused("This date has passed; pick today or later.", field="end")
    if new_end <= loan.end:
        raise LendingRefused(
            f"Pick a day after {day(loan.end)}, the current due date.", field="end"
        )
    check_length(loan.start, new_end)


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
    if not windows:
        return "once it is back"
    parts = []
    for first, last in windows:
        if last is None:
            parts.append(f"from {day(first)} on")
        elif first == last:
            parts.append(day(first))
        else:
            parts.append(f"{day(first)} – {day(last)}")
    return ", ".join(parts)
