"""What Packertracker tells people, in words that still hold when read days later."""

from django.urls import reverse
from django.utils.formats import date_format

from notifications.models import Kind
from notifications.notify import notify, remind


def trip_dates(trip):
    return f"{date_format(trip.start_date, 'D j M')} – {date_format(trip.end_date, 'D j M')}"


def tell_invited(trip, member):
    notify(
        [member],
        Kind.TRIP_INVITED,
        f"{trip.organizer} put you on the trip “{trip}”, {trip_dates(trip)}.",
        trip.get_absolute_url(),
        actor=trip.organizer,
    )


def remind_uncovered_gear(trip, uncovered):
    missing = ", ".join(f"{need} ({need.claimed} of {need.needed})" for need in uncovered)
    remind(
        trip.participants.all(),
        Kind.TRIP_GEAR_UNCOVERED,
        f"“{trip}” starts {date_format(trip.start_date, 'D j M')} and nobody brings enough "
        f"of: {missing}.",
        trip.get_absolute_url(),
        once=f"trip {trip.pk} gear uncovered",
    )


def remind_review_open(trip):
    remind(
        trip.participants.all(),
        Kind.TRIP_REVIEW_OPEN,
        f"“{trip}” is over: say what you used and what you missed, for next time.",
        reverse("packertracker:review", args=[trip.pk]),
        once=f"trip {trip.pk} review",
    )
