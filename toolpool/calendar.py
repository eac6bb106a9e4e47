"""A member's loans as calendar events: the day a tool is picked up and the day it is due."""

from datetime import timedelta

from icalendar import Event

from notifications.mail import site_url

from .models import Loan


def loan_events(member, stamp, host):
    loans = Loan.objects.current().involving(member).select_related("tool__owner", "borrower")
    for loan in loans:
        tool, owner, borrower = loan.tool, loan.tool.owner, loan.borrower
        if borrower == member:
            pick_up = f"Pick up the {tool} from {owner}"
            bring_back = f"Bring the {tool} back to {owner}"
        else:
            pick_up = f"{borrower} picks up your {tool}"
            bring_back = f"{borrower} brings your {tool} back"
        for name, summary, on in [("pickup", pick_up, loan.start), ("due", bring_back, loan.end)]:
            event = Event()
            event.add("uid", f"loan-{loan.pk}-{name}@{host}")
            event.add("dtstamp", stamp)
            event.add("summary", summary)
            event.add("dtstart", on)
            event.add("dtend", on + timedelta(days=1))
            event.add("url", site_url(loan.get_absolute_url()))
            event.add("description", f"{tool} for {borrower}, {loan.dates}.")
            yield event
