from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.http import require_POST

from family_tools.lib.csv_files import csv_response
from family_tools.lib.pages import next_url, page_of, render_with_forms
from members.decorators import admin_required
from members.models import Member

from .forms import (
    ConditionForm,
    DisputeForm,
    ExtendForm,
    LoanRequestForm,
    MaintenanceForm,
    NewOwnerForm,
    StopLendingForm,
    ToolFilterForm,
    ToolForm,
    TrustedBorrowersForm,
    WantedAnswerForm,
    WantedToolForm,
)
from .models import (
    CLAIM_DAYS,
    LendingRefused,
    Loan,
    Photo,
    Tool,
    TrustedBorrower,
    WantedTool,
)

PAGE_SIZE = 20


def _get_tool_for_user(request, pk, manage=False):
    """The tool with its status; ``manage`` means only its owner or an admin may go on."""
    tool = get_object_or_404(Tool.objects.with_status(), pk=pk)
    if manage and not tool.can_manage(request.user):
        raise PermissionDenied("Only the tool's owner or an admin can do this.")
    return tool


def _get_loan_for_user(request, pk, permission):
    """The loan, if ``permission`` (e.g. ``Loan.can_decide``) allows this member to go on."""
    loan = get_object_or_404(Loan.objects.select_related("tool__owner", "borrower"), pk=pk)
    if not permission(loan, request.user):
        raise PermissionDenied("This loan is not yours to change.")
    return loan


def _refusal(step, *args):
    """Runs a lending step; the one place a refusal is caught. Returns its reason, or None."""
    try:
        step(*args)
    except LendingRefused as refusal:
        return str(refusal)
    return None


def _attempt(form, step, *args):
    """Runs a lending step; a refusal becomes the form's error, so nothing typed is lost."""
    reason = _refusal(step, *args)
    if reason:
        form.add_error(None, reason)
    return reason is None


def _announce(request, step, success, *args):
    """Runs a lending step that needs no form and says how it went; True if it went through."""
    reason = _refusal(step, *args)
    if reason:
        messages.error(request, reason)
    else:
        messages.success(request, success)
    return reason is None


# Tools


@login_required
def tool_list(request):
    form = ToolFilterForm(request.GET)
    form.is_valid()
    page, query = page_of(request, form.filter(Tool.objects.active().with_status()), PAGE_SIZE)
    context = {"form": form, "page": page, "query": query}
    return render(request, "toolpool/tool_list.html", context)


@login_required
def tool_detail(request, pk):
    tool = _get_tool_for_user(request, pk)
    me = request.user
    context = {
        "tool": tool,
        "photos": tool.photos.of_the_tool(),
        "requests": tool.loans.waiting().select_related("borrower").order_by("start"),
        "situation": tool.situation_for(me),
        "queue": tool.queue.open().select_related("member"),
        "form": LoanRequestForm(initial={"start": tool.next_free_date()}),
        "manages": tool.can_manage(me),
        "give_form": NewOwnerForm(tool=tool) if me.is_admin and not tool.owner.is_active else None,
        "claim_days": CLAIM_DAYS,
    }
    return render(request, "toolpool/tool_detail.html", context)


@login_required
def tool_create(request):
    return _tool_form(request, Tool(owner=request.user))


@login_required
def tool_edit(request, pk):
    return _tool_form(request, _get_tool_for_user(request, pk, manage=True))


def _tool_form(request, tool):
    form = ToolForm(request.POST or None, request.FILES or None, instance=tool)
    if request.method == "POST" and form.is_valid():
        tool = form.save(commit=False)
        tool.save_with_photos(request.user, form.cleaned_data["photos"])
        messages.success(request, f"{tool} is saved.")
        return redirect(tool)
    return render_with_forms(request, "toolpool/tool_form.html", {"form": form, "tool": tool}, form)


# Buttons on the tool page: who may press them, what they do, what the member is told.
TOOL_STEPS = {
    "archive": (True, Tool.archive, "{tool} is archived; its history stays."),
    "restore": (True, Tool.restore, "{tool} can be borrowed again."),
    "join_queue": (
        False,
        Tool.join_queue,
        "You are in the queue for {tool}; you will see it on My loans when it is back.",
    ),
    "leave_queue": (False, Tool.leave_queue, "You left the queue for {tool}."),
}


@login_required
@require_POST
def tool_step(request, pk, step):
    manage, method, success = TOOL_STEPS[step]
    tool = _get_tool_for_user(request, pk, manage=manage)
    _announce(request, method, success.format(tool=tool), tool, request.user)
    return redirect(next_url(request, tool))


# Repairs: only these pages change whether a tool can be lent at all.


def _maintenance_page(request, tool, form=None, stop_form=None):
    context = {
        "tool": tool,
        "form": form or MaintenanceForm(),
        "stop_form": stop_form or StopLendingForm(),
        "entries": tool.maintenance.select_related("done_by").prefetch_related("photos"),
    }
    return render_with_forms(request, "toolpool/maintenance.html", context, form, stop_form)


@login_required
def tool_maintenance(request, pk):
    """The tool's maintenance log; logging a repair lends it again."""
    tool = _get_tool_for_user(request, pk, manage=True)
    if request.method != "POST":
        return _maintenance_page(request, tool)
    form = MaintenanceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _maintenance_page(request, tool, form=form)
    data = form.cleaned_data
    entry = tool.log_maintenance(
        request.user, data["what"], data["cost"], data["repaired"], data["photos"]
    )
    messages.success(
        request, f"{tool} can be borrowed again." if entry.repaired else "The work is in the log."
    )
    return redirect(tool)


@login_required
@require_POST
def tool_stop_lending(request, pk):
    tool = _get_tool_for_user(request, pk, manage=True)
    form = StopLendingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if _attempt(form, tool.stop_lending, request.user, data["service"], data["why"]):
            messages.success(request, f"{tool} is not lent until you log the repair.")
            return redirect(tool)
    return _maintenance_page(request, tool, stop_form=form)


@admin_required
@require_POST
def tool_give(request, pk):
    tool = get_object_or_404(Tool, pk=pk)
    form = NewOwnerForm(request.POST, tool=tool)
    if form.is_valid():
        new_owner = form.cleaned_data["owner"]
        _announce(
            request, tool.give_to, f"{tool} now belongs to {new_owner}.", new_owner, request.user
        )
    else:
        messages.error(request, "Pick the member who takes it over.")
    return redirect(tool)


@login_required
def tool_delete(request, pk):
    tool = _get_tool_for_user(request, pk, manage=True)
    if request.method == "POST":
        if _announce(request, tool.delete_unused, f"{tool} is deleted.", request.user):
            return redirect("toolpool:tool_list")
        return redirect(tool)
    return render(request, "toolpool/tool_delete.html", {"tool": tool})


@login_required
def tool_history(request, pk):
    tool = _get_tool_for_user(request, pk)
    loans = (
        tool.loans.handed_over()
        .select_related("borrower")
        .prefetch_related("reports__photos", "reports__recorded_by")
    )
    page, query = page_of(request, loans, PAGE_SIZE)
    context = {"tool": tool, "page": page, "query": query}
    return render(request, "toolpool/tool_history.html", context)


# A member's history, one side at a time: (heading, the other person's role).
HISTORY_SIDES = {"borrowed": ("Borrowed", "Owner"), "lent": ("Lent out", "Borrower")}


@login_required
def member_history(request, pk):
    member = get_object_or_404(Member, pk=pk)
    side = request.GET.get("side")
    side = side if side in HISTORY_SIDES else "borrowed"
    loans = Loan.objects.handed_over().select_related("tool__owner", "borrower")
    loans = (
        loans.filter(borrower=member) if side == "borrowed" else loans.filter(tool__owner=member)
    )
    page, query = page_of(request, loans.order_by("-handed_over_at", "-pk"), PAGE_SIZE)
    heading, other = HISTORY_SIDES[side]
    context = {
        "member": member,
        "sides": HISTORY_SIDES,
        "side": side,
        "heading": heading,
        "other": other,
        "page": page,
        "query": query,
    }
    return render(request, "toolpool/member_history.html", context)


# "See all" from the home page: one of its lists of loans, page by page.
LOAN_SECTIONS = {
    "to_decide": "Waiting for your answer",
    "overdue": "Overdue",
    "due_soon": "Due back soon",
    "borrowed": "I borrow",
    "lent": "I lend out",
}


@login_required
def my_loans(request, section):
    if section not in LOAN_SECTIONS:
        raise Http404("There is no such list of loans.")
    loans = Loan.objects.sections_for(request.user)[section]
    page, query = page_of(request, loans, PAGE_SIZE)
    context = {"heading": LOAN_SECTIONS[section], "page": page, "query": query}
    return render(request, "toolpool/my_loans.html", context)


# Photos: only ever served to signed-in members, never as public media.


@login_required
def photo(request, pk, thumbnail=False):
    picture = get_object_or_404(Photo, pk=pk)
    file = picture.thumbnail if thumbnail else picture.image
    # A photo's file name is random and its file never rewritten: the name is its version.
    etag = quote_etag(file.name)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        try:
            response = FileResponse(file.open("rb"), content_type="image/jpeg")
        except FileNotFoundError:
            raise Http404("The photo file is missing.") from None
    # Asked again each time (a cheap 304): after signing out, a shared phone shows none.
    response["ETag"], response["Cache-Control"] = etag, "private, no-cache"
    return response


@login_required
@require_POST
def photo_delete(request, pk):
    picture = get_object_or_404(Photo.objects.of_the_tool().select_related("tool__owner"), pk=pk)
    if not picture.tool.can_manage(request.user):
        raise PermissionDenied("Only the tool's owner or an admin can remove its photos.")
    picture.remove(request.user)
    messages.success(request, "The photo is removed.")
    return redirect("toolpool:tool_edit", picture.tool.pk)


# Borrowing


@login_required
def borrow(request, pk):
    tool = _get_tool_for_user(request, pk)
    form = LoanRequestForm(request.POST or None, initial={"start": tool.next_free_date()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        asked = _attempt(
            form, tool.ask_to_borrow, request.user, data["start"], data["end"], data["message"]
        )
        if asked:
            messages.success(request, f"You asked {tool.owner} for {tool}; see My loans.")
            return redirect(tool)
    return render_with_forms(request, "toolpool/borrow.html", {"form": form, "tool": tool}, form)


@login_required
def loan_detail(request, pk):
    loan = _get_loan_for_user(request, pk, Loan.can_see)
    reports = loan.reports.prefetch_related("photos").select_related("recorded_by")
    return render(request, "toolpool/loan_detail.html", {"loan": loan, "reports": reports})


LOAN_DECISIONS = {
    "approve": (Loan.can_decide, Loan.approve, "You said yes to {loan.borrower}."),
    "decline": (Loan.can_decide, Loan.decline, "You declined {loan.borrower}'s request."),
    "cancel": (Loan.can_cancel, Loan.cancel, "The loan of {loan.tool} is cancelled."),
    "confirm_return": (
        Loan.can_decide,
        Loan.confirm_return,
        "You confirmed {loan.tool} came back as {loan.borrower} said.",
    ),
}


@login_required
@require_POST
def decide_loan(request, pk, decision):
    permission, step, success = LOAN_DECISIONS[decision]
    loan = _get_loan_for_user(request, pk, permission)
    _announce(request, step, success.format(loan=loan), loan, request.user)
    return redirect(next_url(request, loan))


@login_required
def hand_over(request, pk):
    loan = _get_loan_for_user(request, pk, Loan.can_decide)
    texts = {"title": f"Hand over {loan.tool}", "button": "Hand it over", "done": "It is out."}
    return _condition_step(request, loan, loan.hand_over, texts)


@login_required
def return_loan(request, pk):
    loan = _get_loan_for_user(request, pk, Loan.can_return)
    title = "Mark returned" if loan.borrower != request.user else f"Return {loan.tool}"
    texts = {"title": title, "button": "It is back", "done": f"{loan.tool} is back. Thank you!"}
    return _condition_step(request, loan, loan.mark_returned, texts)


@login_required
def dispute_return(request, pk):
    loan = _get_loan_for_user(request, pk, Loan.can_decide)
    texts = {
        "title": f"Dispute {loan.borrower}'s return",
        "button": "Dispute the return",
        "done": f"Your side is on the loan; {loan.borrower} is told.",
    }
    return _condition_step(request, loan, loan.dispute_return, texts, DisputeForm)


def _condition_step(request, loan, step, texts, form_class=ConditionForm):
    form = form_class(
        request.POST or None, request.FILES or None, initial={"condition": loan.tool.condition}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, step, request.user, data["condition"], data["note"], data["photos"]):
            messages.success(request, texts["done"])
            return redirect(loan.tool)
    context = {"form": form, "loan": loan, **texts}
    return render_with_forms(request, "toolpool/loan_form.html", context, context["form"])


@login_required
def extend_loan(request, pk):
    loan = _get_loan_for_user(request, pk, Loan.can_decide)
    form = ExtendForm(request.POST or None, loan=loan)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, loan.extend, request.user, form.cleaned_data["end"]):
            messages.success(request, f"{loan.borrower} may keep {loan.tool} until {loan.end}.")
            return redirect(loan)
    texts = {"title": f"Extend {loan.borrower}'s loan", "button": "Extend"}
    context = {"form": form, "loan": loan, **texts}
    return render_with_forms(request, "toolpool/loan_form.html", context, form)


@login_required
def trusted_borrowers(request):
    me = request.user
    trusted = Member.objects.filter(trusted_by__owner=me)
    form = TrustedBorrowersForm(request.POST or None, owner=me, initial={"borrowers": trusted})
    if request.method == "POST" and form.is_valid():
        TrustedBorrower.objects.replace(me, form.cleaned_data["borrowers"])
        messages.success(request, "Your list of trusted people is saved.")
        return redirect("toolpool:trusted_borrowers")
    return render_with_forms(request, "toolpool/trusted.html", {"form": form}, form)


# “Who has a …?”


@login_required
def wanted_list(request):
    form = WantedToolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wanted = WantedTool.objects.ask(request.user, **form.cleaned_data)
        messages.success(request, "Your question is up; the family sees it now.")
        return redirect(wanted)
    questions = (
        WantedTool.objects.select_related("asker")
        .annotate(answer_count=Count("answers"))
        .order_by(F("solved_at").asc(nulls_first=True), "-asked_at", "-pk")
    )
    page, query = page_of(request, questions, PAGE_SIZE)
    context = {"form": form, "page": page, "query": query}
    return render_with_forms(request, "toolpool/wanted_list.html", context, context["form"])


@login_required
def wanted_detail(request, pk):
    wanted = get_object_or_404(WantedTool.objects.select_related("asker"), pk=pk)
    form = WantedAnswerForm(request.POST or None, member=request.user, wanted=wanted)
    if request.method == "POST" and form.is_valid():
        wanted.answer(request.user, form.cleaned_data["tool"], form.cleaned_data["note"])
        messages.success(request, f"Thank you; {wanted.asker} sees your answer.")
        return redirect(wanted)
    answers = wanted.answers.select_related("member", "tool")
    context = {
        "wanted": wanted,
        "answers": answers,
        "form": form,
        "can_mark_solved": wanted.can_mark_solved(request.user),
    }
    return render_with_forms(request, "toolpool/wanted_detail.html", context, context["form"])


@login_required
@require_POST
def wanted_solved(request, pk):
    wanted = get_object_or_404(WantedTool, pk=pk)
    if wanted.solved_at:
        messages.info(request, "This is marked solved already.")
        return redirect(wanted)
    if not wanted.can_mark_solved(request.user):
        raise PermissionDenied("Only the person who asked can mark this solved.")
    wanted.mark_solved(request.user)
    messages.success(request, "Marked solved. Glad it worked out!")
    return redirect(wanted)


# Admin exports


@admin_required
def export_tools(request):
    header = ["id", "name", "category", "owner", "condition", "kept at", "value", "archived"]
    rows = (
        [
            tool.pk,
            tool.name,
            tool.get_category_display(),
            tool.owner,
            tool.get_condition_display(),
            tool.location,
            tool.replacement_value,
            tool.archived_at,
        ]
        for tool in Tool.objects.exported_by(request.user).iterator(chunk_size=500)
    )
    return csv_response("tools.csv", header, rows)


@admin_required
def export_loans(request):
    header = ["id", "tool", "owner", "borrower", "from", "until", "status", "out", "back"]
    rows = (
        [
            loan.pk,
            loan.tool,
            loan.tool.owner,
            loan.borrower,
            loan.start,
            loan.end,
            loan.state,
            loan.handed_over_at,
            loan.returned_at,
        ]
        for loan in Loan.objects.exported_by(request.user).iterator(chunk_size=500)
    )
    return csv_response("loans.csv", header, rows)
