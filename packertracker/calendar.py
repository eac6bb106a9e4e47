"""A member's trips as calendar events, from the first day to the last."""

from datetime import timedelta

from icalendar import Event

from notifications.mail import site_url

from .models import Trip, today

# Trips further back than this no longer belong in a phone's calendar.
PAST_DAYS = 365


def trip_events(member, stamp, host):
    since = today() - timedelta(days=PAST_DAYS)
    for trip in Trip.objects.visible_to(member).filter(is_template=False, end_date__gte=since):
        event = Event()
        event.add("uid", f"trip-{trip.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", f"Trip: {trip}")
        event.add("dtstart", trip.start_date)
        event.add("dtend", trip.end_date + timedelta(days=1))
        if trip.place:
            event.add("location", trip.place)
        event.add("url", site_url(trip.get_absolute_url()))
        yield event
