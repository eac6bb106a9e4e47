"""A member's trips as calendar events, from the first day to the last."""

from datetime import timedelta

from notifications.calendar import all_day_event

from .models import Trip, today

# Trips further back than this no longer belong in a phone's calendar.
PAST_DAYS = 365


def trip_events(member, stamp):
    since = today() - timedelta(days=PAST_DAYS)
    for trip in Trip.objects.visible_to(member).filter(is_template=False, end_date__gte=since):
        place = {"location": trip.place} if trip.place else {}
        yield all_day_event(
            f"trip-{trip.pk}",
            stamp,
            f"Trip: {trip}",
            trip.start_date,
            trip.end_date,
            trip.get_absolute_url(),
            **place,
        )
