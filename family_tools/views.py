from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from packertracker.models import Trip
from toolpool.models import Loan, QueueEntry, Tool

# The home page lists the first few of each kind of loan, however many a member has, and
# links to the whole list, page by page.
HOME_LIST_LENGTH = 5


def shortlist(queryset):
    """The first few of a list and whether there are more, in one query."""
    first = list(queryset[: HOME_LIST_LENGTH + 1])
    return {"loans": first[:HOME_LIST_LENGTH], "more": len(first) > HOME_LIST_LENGTH}


# The home page shows what needs the member in both apps, so it belongs to neither.
@login_required
def home(request):
    me = request.user
    # Claims run out with time alone; this is where the next in line hears of it.
    QueueEntry.objects.pass_on_lapsed_claims()
    context = {
        # The owner sees first what nobody can borrow until they act.
        "needs_repair": Tool.objects.active().filter(owner=me).waiting_for_repair(),
        "claims": QueueEntry.objects.claims_of(me).select_related("tool"),
        **{name: shortlist(loans) for name, loans in Loan.objects.sections_for(me).items()},
        "queued": QueueEntry.objects.open()
        .filter(member=me, claim_until=None)
        .select_related("tool"),
        "next_trip": Trip.objects.upcoming_for(me).first(),
    }
    return render(request, "home.html", context)


@never_cache
def healthz(request):
    """Answers 200 while the database answers; says nothing else about the site."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


# Error pages: in the site's layout, saying what happened and where to go next, never
# showing a stack, a setting or a path (not even the message of the exception).


def error_page(request, status, heading, explanation):
    """``request`` None renders without its context processors: they need a request that
    passed every middleware (a bad Host header stops it early) and a working database."""
    context = {"status": status, "heading": heading, "explanation": explanation}
    return HttpResponse(loader.render_to_string("error.html", context, request), status=status)


def bad_request(request, exception=None):
    return error_page(
        None,
        400,
        "The site could not understand that request",
        "Something in the address or the form it came from was not right. Go back and try "
        "again, or start over from the front page.",
    )


def permission_denied(request, exception=None):
    return error_page(
        request,
        403,
        "This page is not for you",
        "It belongs to someone else, or only admins may open it. If you think you should be "
        "able to, ask an admin.",
    )


def page_not_found(request, exception=None):
    return error_page(
        request,
        404,
        "There is nothing here",
        "The page may have been moved or deleted, or the address was not copied completely.",
    )


def csrf_failure(request, reason=""):
    return error_page(
        request,
        403,
        "That form had gone stale",
        "For your safety a form only works from a page the site showed you recently. Go back, "
        "reload the page and send the form again.",
    )


def server_error(request):
    return error_page(
        None,
        500,
        "Something went wrong on our side",
        "Nothing you did caused it, and it has been logged. Try again in a moment; if it keeps "
        "happening, tell an admin what you were doing.",
    )
