"""What the group shares: anyone on the trip lists needs, and everybody claims their part."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from family_tools.lib.pages import render_with_forms

from ..forms import ClaimForm, GroupNeedForm
from . import get_trip_for_user


def _render_group_gear(request, trip, need_form=None, bound_claim=None):
    """The page, with the form that failed (if any) keeping what was typed."""
    needs = trip.group_gear_status()
    closet = list(request.user.closet.all())
    for need in needs:
        need.removable = need.can_be_removed_by(request.user)
        if bound_claim and bound_claim.need.pk == need.pk:
            need.claim_form = bound_claim
        else:
            initial = {"quantity": max(1, need.needed - need.claimed)}
            need.claim_form = ClaimForm(
                member=request.user, need=need, closet=closet, initial=initial
            )
    context = {
        "trip": trip,
        "needs": needs,
        "need_form": need_form or GroupNeedForm(trip=trip),
        "participant_count": trip.participants.count(),
    }
    return render_with_forms(
        request, "packertracker/group_gear.html", context, need_form, bound_claim
    )


@login_required
def group_gear(request, pk):
    trip = get_trip_for_user(request, pk)
    return _render_group_gear(request, trip)


@login_required
@require_POST
def need_add(request, pk):
    trip = get_trip_for_user(request, pk)
    form = GroupNeedForm(request.POST, trip=trip, added_by=request.user)
    if not form.is_valid():
        return _render_group_gear(request, trip, need_form=form)
    need = form.save()
    messages.success(request, f"“{need}” is on the group's list.")
    return redirect("packertracker:group_gear", trip.pk)


@login_required
@require_POST
def need_claim(request, pk, need_pk):
    trip = get_trip_for_user(request, pk)
    need = get_object_or_404(trip.group_needs, pk=need_pk)
    form = ClaimForm(request.POST, member=request.user, need=need)
    if not form.is_valid():
        return _render_group_gear(request, trip, bound_claim=form)
    need.claim(request.user, form.cleaned_data["quantity"], form.cleaned_data["gear"])
    messages.success(request, f"You bring {form.cleaned_data['quantity']} × {need}.")
    return redirect("packertracker:group_gear", trip.pk)


@login_required
@require_POST
def need_delete(request, pk, need_pk):
    trip = get_trip_for_user(request, pk)
    need = get_object_or_404(trip.group_needs, pk=need_pk)
    if not need.can_be_removed_by(request.user):
        raise PermissionDenied("Only the organizer or who added it can remove it.")
    need.delete()
    messages.success(request, f"“{need}” is off the group's list; claims stay on their lists.")
    return redirect("packertracker:group_gear", trip.pk)
