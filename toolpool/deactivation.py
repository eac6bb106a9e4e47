"""Tool Pool's part in deactivating a member (members.hooks): their pending requests, both
ways, are declined; what they borrowed is listed for the admin; their tools stop being lent
(ToolQuerySet.lendable) while they are switched off."""

from django.dispatch import receiver

from members.hooks import deactivation_preview, member_deactivated

from .models import Loan, Tool


def pending_requests(member):
    return Loan.objects.requested().involving(member).select_related("tool", "borrower")


@receiver(deactivation_preview)
def preview(sender, member, **kwargs):
    borrowed = Loan.objects.filter(status=Loan.Status.OUT, borrower=member).select_related("tool")
    return [
        ("Requests to and from them that will be declined", list(pending_requests(member))),
        ("Tools they have borrowed and still have", list(borrowed)),
        (
            "Their tools, which nobody can ask for while they are switched off",
            list(Tool.objects.active().filter(owner=member)),
        ),
    ]


@receiver(member_deactivated)
def decline_pending_requests(sender, member, by, reason, **kwargs):
    for loan in pending_requests(member):
        loan.decline(by, reason)
