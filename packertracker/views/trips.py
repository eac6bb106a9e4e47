from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from family_tools.lib.pages import render_with_forms

from ..forms import NewTripForm, ParticipantForm, TripForm
from ..models import Trip
from . import get_trip_for_user, is_id


@login_required
def trip_list(request):
    trips = Trip.objects.select_related("organizer")
    context = {
        "upcoming": trips.upcoming_for(request.user),
        "templates": trips.templates_for(request.user),
        "past": trips.past_for(request.user),
    }
    return render(request, "packertracker/trip_list.html", context)


def _conditions_of(trip):
    """What a new trip takes over from the one it starts from, before the member edits it."""
    return {
        "place": trip.place,
        "season": trip.season,
        "expected_low_c": trip.expected_low_c,
        "is_shared": trip.is_shared,
        "start_from": trip.pk,
    }


@login_required
def trip_create(request):
    initial = {}
    source = request.GET.get("from", "")
    if is_id(source):
        initial = _conditions_of(get_trip_for_user(request, source))
    form = NewTripForm(request.POST or None, initial=initial, member=request.user)
    if request.method == "POST" and form.is_valid():
        trip = Trip.create_for(request.user, **form.trip_fields())
        if trip.based_on is None:
            messages.success(request, f"“{trip}” is planned. Now add what you bring.")
            return redirect(trip)
        url = reverse("packertracker:suggestions", args=[trip.pk])
        return redirect(f"{url}?from={trip.based_on.pk}")
    return render_with_forms(request, "packertracker/trip_form.html", {"form": form}, form)


@login_required
def trip_detail(request, pk):
    trip = get_trip_for_user(request, pk)
    context = {
        "trip": trip,
        "packing_lists": trip.packing_lists(),
        "group_gear": trip.group_gear_status(),
        "participant_form": ParticipantForm(trip=trip)
        if trip.is_organized_by(request.user)
        else None,
    }
    return render(request, "packertracker/trip_detail.html", context)


@login_required
def trip_edit(request, pk):
    trip = get_trip_for_user(request, pk, organizer_only=True)
    form = TripForm(request.POST or None, instance=trip)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"“{trip}” is saved.")
        return redirect(trip)
    context = {"form": form, "trip": trip}
    return render_with_forms(request, "packertracker/trip_form.html", context, form)


@login_required
def trip_delete(request, pk):
    trip = get_trip_for_user(request, pk, organizer_only=True)
    if request.method == "POST":
        trip.delete()
        messages.success(request, f"“{trip}” and its lists are deleted.")
        return redirect("packertracker:trip_list")
    context = {"trip": trip, "thing": f"the trip “{trip}” with everybody's lists"}
    return render(request, "packertracker/confirm_delete.html", context)


@login_required
@require_POST
def participant_add(request, pk):
    trip = get_trip_for_user(request, pk, organizer_only=True)
    if not trip.is_shared:
        messages.error(request, "This is a personal trip. Make it a shared trip to invite others.")
        return redirect(trip)
    form = ParticipantForm(request.POST, trip=trip)
    if form.is_valid():
        member = form.cleaned_data["member"]
        trip.add_participant(member)
        messages.success(request, f"{member} is on the trip.")
    else:
        messages.error(request, "Pick a member who is not on the trip yet.")
    return redirect(trip)


@login_required
@require_POST
def participant_remove(request, pk, member_pk):
    """The organizer removes someone; anyone else may only take themselves off the trip."""
    leaving = member_pk == request.user.pk
    trip = get_trip_for_user(request, pk, organizer_only=not leaving)
    member = get_object_or_404(trip.participants, pk=member_pk)
    if trip.is_organized_by(member):
        messages.error(request, "You organize this trip, so you stay on it.")
    elif leaving:
        trip.remove_participant(member)
        messages.success(request, f"You left {trip.name}; your list for it is removed.")
        return redirect("packertracker:trip_list")
    else:
        trip.remove_participant(member)
        messages.success(request, f"{member} is no longer on the trip; their list is removed.")
    return redirect(trip)
