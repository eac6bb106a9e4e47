"""Each participant's own list: adding to it, editing it, packing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from family_tools.lib.pages import next_url, render_with_forms

from ..forms import ClosetPickForm, PackedForm, SuggestionForm, TicksForm, TripItemForm
from ..models import Trip, TripItem
from ..suggestions import add_to_list, suggest_items
from . import get_trip_for_user, is_id


def _get_my_item(request, trip, item_pk):
    """An item on the member's own list for trip; anybody else's item is not found."""
    return get_object_or_404(trip.items, pk=item_pk, member=request.user)


def _render_add_items(request, trip, pick_form=None, item_form=None):
    context = {
        "trip": trip,
        "pick_form": pick_form or ClosetPickForm(member=request.user),
        "item_form": item_form or TripItemForm(member=request.user),
    }
    return render_with_forms(request, "packertracker/add_items.html", context, pick_form, item_form)


@login_required
def add_items(request, pk):
    trip = get_trip_for_user(request, pk)
    return _render_add_items(request, trip)


@login_required
@require_POST
def pick_from_closet(request, pk):
    trip = get_trip_for_user(request, pk)
    form = ClosetPickForm(request.POST, member=request.user)
    if not form.is_valid():
        return _render_add_items(request, trip, pick_form=form)
    chosen = form.chosen_gear()
    added = trip.add_gear(request.user, chosen)
    skipped = len(chosen) - len(added)
    note = f" ({skipped} already on it)" if skipped else ""
    messages.success(request, f"Added {len(added)} items to your list{note}.")
    return redirect(trip)


@login_required
@require_POST
def item_create(request, pk):
    trip = get_trip_for_user(request, pk)
    item = TripItem(trip=trip, member=request.user)
    form = TripItemForm(request.POST, instance=item, member=request.user)
    if not form.is_valid():
        return _render_add_items(request, trip, item_form=form)
    form.save()
    if form.cleaned_data["save_to_closet"]:
        item.save_to_closet()
    messages.success(request, f"“{item}” is on your list.")
    return redirect(next_url(request, trip.get_absolute_url()))


@login_required
def item_edit(request, pk, item_pk):
    trip = get_trip_for_user(request, pk)
    item = _get_my_item(request, trip, item_pk)
    form = TripItemForm(request.POST or None, instance=item, member=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"“{item}” is saved.")
        return redirect(trip)
    context = {"trip": trip, "item": item, "form": form}
    return render_with_forms(request, "packertracker/item_form.html", context, form)


@login_required
@require_POST
def item_delete(request, pk, item_pk):
    trip = get_trip_for_user(request, pk)
    item = _get_my_item(request, trip, item_pk)
    item.delete()
    messages.success(request, f"“{item}” is off your list.")
    return redirect(trip)


@login_required
@require_POST
def item_packed(request, pk, item_pk):
    """A tick without JavaScript: sets the packed state asked for, then back to the list."""
    trip = get_trip_for_user(request, pk)
    item = _get_my_item(request, trip, item_pk)
    form = PackedForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("packed must be true or false")
    item.set_packed(form.cleaned_data["packed"])
    return redirect(next_url(request, f"{trip.get_absolute_url()}#item-{item.pk}"))


@login_required
@require_POST
def ticks(request, pk):
    """Ticks packer.js kept on the device, sent together; answers with each item's saved state.

    Every tick on a page with JavaScript comes this way, made online or not (item_packed is
    the form without it), so a tick is saved the same whether it waited or not.
    """
    trip = get_trip_for_user(request, pk)
    form = TicksForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    items = trip.apply_ticks(request.user, form.cleaned_data["ticks"])
    return JsonResponse({"items": {item_pk: item.packed for item_pk, item in items.items()}})


@login_required
def unpacked(request, pk):
    trip = get_trip_for_user(request, pk)
    return render(
        request,
        "packertracker/unpacked.html",
        {"trip": trip, "packing_lists": trip.packing_lists()},
    )


@login_required
def suggestions(request, pk):
    """Builds the member's list from a past trip or template: they confirm it in one form."""
    trip = get_trip_for_user(request, pk)
    sources = Trip.objects.starting_points_for(request.user).exclude(pk=trip.pk)
    source_pk = request.GET.get("from", "")
    source = get_object_or_404(sources, pk=source_pk) if is_id(source_pk) else None
    if source is None:
        context = {"trip": trip, "sources": sources}
        return render(request, "packertracker/suggestions.html", context)
    suggested = suggest_items(request.user, trip, source)
    form = SuggestionForm(request.POST or None, suggestions=suggested)
    if request.method == "POST" and form.is_valid():
        added = add_to_list(trip, request.user, form.chosen_suggestions())
        messages.success(request, f"Added {len(added)} items to your list.")
        return redirect(trip)
    context = {"trip": trip, "source": source, "form": form, "sources": sources}
    return render(request, "packertracker/suggestions.html", context)
