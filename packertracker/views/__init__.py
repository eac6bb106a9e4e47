"""Views, one module per feature; the permission check every trip view starts with is here."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme

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


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def next_url(request, default):
    """Where to go back to after a form: the page it came from, if it is one of ours."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return url
    return default


def render_with_forms(request, template, context, *forms):
    """Renders a page of forms: 400 if one came back with errors, else 200."""
    invalid = any(form.errors for form in forms if form is not None)
    return render(request, template, context, status=400 if invalid else 200)
