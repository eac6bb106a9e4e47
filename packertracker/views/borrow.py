"""Borrowing a tool from the Tool Pool for a trip: one step asks its owner."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from family_tools.lib.pages import render_with_forms
from toolpool.models import LendingRefused

from ..forms import BorrowForm
from . import get_trip_for_user


@login_required
def borrow_tool(request, pk):
    trip = get_trip_for_user(request, pk)
    form = BorrowForm(request.POST or None, member=request.user, trip=trip)
    if request.method == "POST" and form.is_valid():
        tool = form.cleaned_data["tool"]
        try:
            need = form.cleaned_data.get("need")
            item = trip.borrow_tool(request.user, tool, form.cleaned_data["message"], need)
        except LendingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            state = item.loan.get_status_display().lower()
            messages.success(request, f"Asked {tool.owner} to lend you {tool}: {state}.")
            return redirect(trip)
    context = {"trip": trip, "form": form}
    return render_with_forms(request, "packertracker/borrow.html", context, form)
