"""Calendar entries as every app writes them into a member's feed."""

from datetime import timedelta

from django.conf import settings
from icalendar import Event

from .mail import site_url


def all_day_event(uid, stamp, summary, first_day, last_day, page, **fields):
    """One event over whole days, ``first_day`` to ``last_day``, linking to ``page``."""
    event = Event()
    event.add("uid", f"{uid}@{settings.SITE_HOST}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", first_day)
    # All-day events end on the day after their last one (RFC 5545).
    event.add("dtend", last_day + timedelta(days=1))
    event.add("url", site_url(page))
    for name, value in fields.items():
        event.add(name, value)
    return event
