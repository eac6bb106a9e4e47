"""Each member's calendar: what they borrow and lend, and their trips, at a secret address.

A calendar app fetches it without signing in, so the address itself is the key: it is
long and random, and resetting it (notifications.CalendarFeed.reset) refuses the old one.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from icalendar import Calendar

from notifications.models import CalendarFeed
from packertracker.calendar import trip_events
from toolpool.calendar import loan_events


@never_cache
def calendar_feed(request, token):
    feed = CalendarFeed.objects.filter(token=token, member__is_active=True).first()
    if feed is None:
        raise Http404("No calendar has this address (any more).")
    calendar = Calendar()
    calendar.add("prodid", f"-//family_tools//{settings.SITE_HOST}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"family_tools: {feed.member}")
    stamp = timezone.now()
    for event in [*loan_events(feed.member, stamp), *trip_events(feed.member, stamp)]:
        calendar.add_component(event)
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
