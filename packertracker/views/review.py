"""After the trip: what was used, what was not needed, what was missing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from family_tools.lib.pages import render_with_forms

from ..forms import REVIEW_FORM_ID, MissingItemForm, ReviewForm
from ..models import MissingItem
from . import get_trip_for_user


def _render_review(request, trip, review_form=None, missing_form=None, next_time=None):
    if not trip.review_is_open:
        # Nothing can be saved yet: a POST gets the same explanation, as a client error.
        status = 200 if request.method == "GET" else 400
        return render(request, "packertracker/review.html", {"trip": trip}, status=status)
    my_items = trip.items.filter(member=request.user)
    context = {
        "trip": trip,
        "review_form": review_form or ReviewForm(items=list(my_items)),
        "missing_form": missing_form or MissingItemForm(),
        "my_missing": trip.missing_items.filter(member=request.user),
        "next_time": next_time,
        "review_form_id": REVIEW_FORM_ID,
        "summary": trip.review_summary(),
        "missing": trip.missing_items.select_related("member").order_by("member", "name"),
        "reviewers": trip.participants.filter(trip_items__trip=trip)
        .exclude(trip_items__review="")
        .distinct(),
    }
    return render_with_forms(
        request, "packertracker/review.html", context, review_form, missing_form
    )


@login_required
def review(request, pk):
    trip = get_trip_for_user(request, pk)
    if request.method != "POST" or not trip.review_is_open:
        return _render_review(request, trip)
    form = ReviewForm(request.POST, items=list(trip.items.filter(member=request.user)))
    if not form.is_valid():
        return _render_review(request, trip, review_form=form)
    if "preview" in request.POST:
        return _render_review(request, trip, review_form=form, next_time=form.next_time())
    form.save()
    if "autosave" in request.POST:  # packer.js, as each choice is made
        return HttpResponse(status=204)
    messages.success(request, "Your review is saved. Thank you: the next trip will be better.")
    return redirect("packertracker:review", trip.pk)


@login_required
@require_POST
def missing_add(request, pk):
    trip = get_trip_for_user(request, pk)
    if not trip.review_is_open:
        return _render_review(request, trip)
    form = MissingItemForm(request.POST, instance=MissingItem(trip=trip, member=request.user))
    choices = ReviewForm(request.POST, items=list(trip.items.filter(member=request.user)))
    if not (form.is_valid() and choices.is_valid()):
        return _render_review(request, trip, review_form=choices, missing_form=form)
    choices.save()
    missing = form.save()
    messages.success(request, f"Noted: you missed “{missing}”.")
    return redirect("packertracker:review", trip.pk)


@login_required
@require_POST
def missing_delete(request, pk, missing_pk):
    trip = get_trip_for_user(request, pk)
    missing = get_object_or_404(trip.missing_items, pk=missing_pk, member=request.user)
    missing.delete()
    messages.success(request, f"“{missing}” is off your missing list.")
    return redirect("packertracker:review", trip.pk)
