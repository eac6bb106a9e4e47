"""Tool Pool's part in deactivating a member (members.hooks): their pending requests, both
ways, are declined and they leave every queue; what they borrowed is listed for the admin;
their tools are not lent (Tool.is_lending) until they are back or an admin gives the tools to
another member (Tool.give_to)."""

from django.dispatch import receiver

from members.hooks import deactivation_preview, member_deactivated

from .models import Loan, QueueEntry, Tool


def pending_requests(member):
    return Loan.objects.requested().involving(member).select_related("tool", "borrower")


def queue_places(member):
    return QueueEntry.objects.open().filter(member=member).select_related("tool")


@receiver(deactivation_preview)
def preview(sender, member, **kwargs):
    borrowed = Loan.objects.filter(status=Loan.Status.OUT, borrower=member).select_related("tool")
    approved = Loan.objects.filter(status=Loan.Status.APPROVED).involving(member)
    own_tools = Tool.objects.active().filter(owner=member)
    return [
        ("Requests to and from them that will be declined", list(pending_requests(member))),
        ("Tools they have borrowed and still have", list(borrowed)),
        ("Approved loans to and from them, which stay booked", list(approved)),
        ("Their tools, which nobody can ask for while they are switched off", list(own_tools)),
        ("Queues they leave", [entry.tool for entry in queue_places(member)]),
    ]


@receiver(member_deactivated)
def settle_lending(sender, member, by, reason, **kwargs):
    for loan in pending_requests(member):
        loan.decline(by, reason)
    for entry in queue_places(member):
        entry.close(by, "queue.closed", f"{member} no longer waits for {entry.tool}: {reason}")
        entry.tool.pass_claim_on()
