"""Views, one module per feature; the permission check every trip view starts with is here."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import Trip


def get_trip_for_user(request, pk, *, organizer_only=False):
    """The trip, if the member is on it: 404 otherwise, so nobody can probe for trip ids."""
    trip = get_object_or_404(
        Trip.objects.visible_to(request.user).select_related("organizer"), pk=pk
    )
    if organizer_only and not trip.is_organized_by(request.user):
        raise PermissionDenied("Only the trip's organizer can do this.")
    return trip


def is_id(text):
    """Whether a query string value reads as a record id.

    Not ``str.isdigit()``: that says yes to "²", which no number conversion reads.
    """
    return text.isdecimal()
