"""A member's loans as calendar events: the day a tool is picked up and the day it is due."""

from notifications.calendar import all_day_event

from .models import Loan


def loan_events(member, stamp):
    loans = Loan.objects.current().involving(member).select_related("tool__owner", "borrower")
    for loan in loans:
        tool, owner, borrower = loan.tool, loan.tool.owner, loan.borrower
        if borrower == member:
            pick_up = f"Pick up the {tool} from {owner}"
            bring_back = f"Bring the {tool} back to {owner}"
        else:
            pick_up = f"{borrower} picks up your {tool}"
            bring_back = f"{borrower} brings your {tool} back"
        description = f"{tool} for {borrower}, {loan.dates}."
        for name, summary, on in [("pickup", pick_up, loan.start), ("due", bring_back, loan.end)]:
            yield all_day_event(
                f"loan-{loan.pk}-{name}",
                stamp,
                summary,
                on,
                on,
                loan.get_absolute_url(),
                description=description,
            )
