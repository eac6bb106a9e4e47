"""QR labels that act: the address a label encodes, and the one step that fits whoever scans it."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from family_tools.lib.qr import qr_svg

from .models.lending import day


def scan_address(tool):
    """The address a label encodes: the one people type, not the one a request came in on."""
    return f"http://{settings.SITE_HOST}{reverse('toolpool:tool_scan', args=[tool.pk])}"


@dataclass(frozen=True)
class Label:
    tool: object

    @property
    def address(self):
        return scan_address(self.tool)

    @property
    def qr_code(self):
        return qr_svg(self.address)


@dataclass(frozen=True)
class ScanAction:
    """What a scan offers: a heading, a sentence, and at most one button.

    ``method`` is "get" for a step that has its own form page (hand over, return, borrow) and
    "post" for one that needs no more input (join the queue); ``url`` is empty when there is
    nothing to do but wait.
    """

    kind: str
    title: str
    text: str = ""
    button: str = ""
    url: str = ""
    method: str = "get"


def scan_action_for(tool, member):
    """The one step that fits ``member`` scanning ``tool`` now: ``Tool.scan_action_for``."""
    if tool.archived_at:
        return ScanAction("none", f"{tool} is not lent any more")
    if tool.can_manage(member):
        return _owner_action(tool)
    mine = tool.loans.open().live().filter(borrower=member).order_by("start").first()
    if mine is not None:
        return _borrower_action(tool, mine)
    return _anyone_action(tool, member)


def _owner_action(tool):
    if tool.loan_out:
        loan = tool.loan_out
        return ScanAction(
            "take_back",
            f"{loan.borrower} has it",
            f"Due back {day(loan.end)}.",
            "Take it back",
            reverse("toolpool:return", args=[loan.pk]),
        )
    if tool.needs_mending:
        return ScanAction(
            "repair",
            f"It {tool.get_service_display().lower()}",
            tool.service_note,
            "Log the repair",
            reverse("toolpool:tool_maintenance", args=[tool.pk]),
        )
    if tool.handover_due:
        loan = tool.handover_due
        return ScanAction(
            "hand_over",
            f"Hand it over to {loan.borrower}",
            f"Approved for {loan.dates}.",
            f"Hand over to {loan.borrower}",
            reverse("toolpool:hand_over", args=[loan.pk]),
        )
    return ScanAction("none", "Your tool is at home", "Nobody is due to pick it up today.")


def _borrower_action(tool, loan):
    if loan.status == loan.Status.OUT:
        return ScanAction(
            "return",
            "You have it",
            f"It is due back {day(loan.end)}.",
            "Return it",
            reverse("toolpool:return", args=[loan.pk]),
        )
    if loan.status == loan.Status.APPROVED:
        text = (
            f"{tool.owner} said yes for {loan.dates}; they mark it handed over when you pick it up."
        )
        return ScanAction("waiting_for_hand_over", "Waiting for the owner to hand it over", text)
    if loan.status == loan.Status.ON_HOLD:
        text = f"It {tool.get_service_display().lower()}; you are told when it is mended."
        return ScanAction("on_hold", "Your loan is on hold", text)
    return ScanAction(
        "waiting_for_answer", "You asked for it", f"{tool.owner} has not answered yet."
    )


def _anyone_action(tool, member):
    if tool.needs_mending:
        text = f"It can be asked for again once {tool.owner} logs the repair."
        return ScanAction("none", f"It {tool.get_service_display().lower()}", text)
    if not tool.is_lending:
        return ScanAction("none", f"{tool.owner} is not lending it at the moment")
    if tool.loan_out and tool.loan_out.borrower != member:
        if tool.queue.open().filter(member=member).exists():
            return ScanAction(
                "in_queue", "You are in the queue", "You get first claim when it is back."
            )
        return ScanAction(
            "join_queue",
            f"{tool.loan_out.borrower} has it until {day(tool.loan_out.end)}",
            "Queue for it: the first in the queue gets first claim when it is back.",
            "Queue for it",
            reverse("toolpool:join_queue", args=[tool.pk]),
            "post",
        )
    claim = tool.claim
    if claim and claim.member != member:
        text = f"{claim.member} was first in the queue and has first claim on it for now."
        return ScanAction("reserved", "Back, and reserved for now", text)
    return ScanAction(
        "borrow",
        "Borrow it",
        f"It is free {tool.free_days}.",
        "Ask to borrow it",
        reverse("toolpool:borrow", args=[tool.pk]),
    )
