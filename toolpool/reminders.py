"""Tool Pool's time-based notifications, made by ``manage.py send_reminders``."""

from datetime import timedelta

from .models import Loan, QueueEntry
from .notices import remind_due_tomorrow, remind_overdue


def send_reminders(today):
    loans = Loan.objects.select_related("tool__owner", "borrower")
    for loan in loans.filter(status=Loan.Status.OUT, end=today + timedelta(days=1)):
        remind_due_tomorrow(loan)
    # One a day while it lasts: the day is part of what makes each reminder unique.
    for loan in loans.filter(status=Loan.Status.OUT, end__lt=today):
        remind_overdue(loan, today)
    # Claims run out with time alone; the next in line hears of it here at the latest.
    QueueEntry.objects.pass_on_lapsed_claims()
