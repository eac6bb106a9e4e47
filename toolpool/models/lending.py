"""What every lending step shares: its limits, its refusal, and dates as people say them."""

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format

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
