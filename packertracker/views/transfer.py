"""Taking the list along: a printable checklist, and LighterPack CSV out and in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.text import slugify

from family_tools.lib.csv_files import CsvProblem, csv_response
from family_tools.lib.pages import render_with_forms

from ..forms import ImportForm
from ..lighterpack import HEADER, list_rows, read_list
from ..models import TripItem
from . import get_trip_for_user


@login_required
def checklist(request, pk):
    trip = get_trip_for_user(request, pk)
    context = {"trip": trip, "packing_list": trip.packing_list_of(request.user)}
    return render(request, "packertracker/checklist.html", context)


@login_required
def export_csv(request, pk):
    trip = get_trip_for_user(request, pk)
    filename = f"{slugify(trip.name) or 'trip'}-{slugify(request.user.username)}.csv"
    return csv_response(
        filename,
        HEADER,
        list_rows(trip.items.filter(member=request.user), request.user.weight_unit),
    )


@login_required
def import_csv(request, pk):
    trip = get_trip_for_user(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_list(form.cleaned_data["file"])
        except CsvProblem as problem:
            form.add_error("file", problem.errors)
        else:
            TripItem.objects.bulk_create(
                TripItem(trip=trip, member=request.user, **fields) for fields in rows
            )
            messages.success(request, f"Imported {len(rows)} items to your list.")
            return redirect(trip)
    context = {"trip": trip, "form": form}
    return render_with_forms(request, "packertracker/import.html", context, form)
