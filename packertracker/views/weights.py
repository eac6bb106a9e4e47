from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import get_trip_for_user

# The parts of a pack's weight, in the order the chart stacks them.
PARTS = ["base", "worn", "consumable"]


def percent(part, whole):
    return round(100 * part / whole, 2) if whole else 0


def add_chart_geometry(reports):
    """Bar positions in percent, for an SVG the site draws itself (the CSP allows no inline styles).

    People's bars share one scale so they compare; a person's categories share another.
    """
    heaviest = max((report.totals["total_grams"] for report in reports), default=0)
    for report in reports:
        report.segments, offset = [], 0
        for part in PARTS:
            width = percent(report.totals[f"{part}_grams"], heaviest)
            report.segments.append({"part": part, "x": offset, "width": width})
            offset += width
        heaviest_category = max((row["total_grams"] for row in report.categories), default=0)
        for row in report.categories:
            row["width"] = percent(row["total_grams"], heaviest_category)


@login_required
def weights(request, pk):
    trip = get_trip_for_user(request, pk)
    reports = trip.weight_report()
    add_chart_geometry(reports)
    context = {
        "trip": trip,
        "reports": reports,
        "unweighed": [report for report in reports if report.totals["unweighed"]],
    }
    return render(request, "packertracker/weights.html", context)
