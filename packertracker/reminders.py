"""Packertracker's time-based notifications, made by ``manage.py send_reminders``."""

from datetime import timedelta

from .models import Trip
from .notices import remind_review_open, remind_uncovered_gear

GEAR_WARNING_DAYS = 3
# A review reminder for a trip that ended longer ago would only be noise.
REVIEW_REMINDER_DAYS = 14


def send_reminders(today):
    trips = Trip.objects.filter(is_template=False)
    # From three days before the start: a run missed on that very day still warns once.
    soon = trips.filter(start_date__range=(today, today + timedelta(days=GEAR_WARNING_DAYS)))
    for trip in soon.filter(is_shared=True):
        uncovered = [need for need in trip.group_gear_status() if need.claimed < need.needed]
        if uncovered:
            remind_uncovered_gear(trip, uncovered)
    ended = trips.filter(
        end_date__lt=today, end_date__gte=today - timedelta(days=REVIEW_REMINDER_DAYS)
    )
    for trip in ended:
        remind_review_open(trip)
