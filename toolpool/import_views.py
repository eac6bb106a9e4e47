"""Import tools from a CSV file (upload, preview, confirm) and export one's own in its columns."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import FileExtensionValidator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from family_tools.lib.csv_files import CsvProblem, csv_response
from family_tools.lib.pages import render_with_forms

from .imports import HEADER, MAX_BYTES, MAX_ROWS, create_tools, export_rows, read_tools, shown
from .models import LendingRefused

SESSION_KEY = "toolpool_import"


class ToolImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        validators=[FileExtensionValidator(["csv", "txt"], "Pick a .csv file saved as CSV.")],
        help_text=(
            f"Columns: {', '.join(HEADER)}; at most {MAX_ROWS} tools and {MAX_BYTES // 1024} KB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Pick the CSV file to import."},
    )


@login_required
def import_tools(request):
    posted = request.method == "POST"
    # Bound even when nothing came: a post without a file is an error to show, not a new form.
    form = ToolImportForm(request.POST, request.FILES) if posted else ToolImportForm()
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            tools, problems = read_tools(upload, request.user)
        except CsvProblem as problem:
            for error in problem.errors:
                form.add_error("file", error)
        else:
            # The rows wait on the server; confirming never trusts what the browser sends back.
            request.session.pop(SESSION_KEY, None)
            if not problems:
                request.session[SESSION_KEY] = {"rows": tools, "filename": upload.name}
            rows = [shown(row) for row in tools]
            context = {"tools": rows, "problems": problems, "filename": upload.name}
            return render(request, "toolpool/import_preview.html", context)
    return render_with_forms(request, "toolpool/import_form.html", {"form": form}, form)


@login_required
@require_POST
def confirm_import(request):
    pending = request.session.pop(SESSION_KEY, None)
    if not pending:
        messages.error(request, "There is nothing waiting to be imported; upload the file again.")
        return redirect("toolpool:import_tools")
    try:
        tools = create_tools(request.user, pending["rows"], pending["filename"])
    except LendingRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("toolpool:import_tools")
    messages.success(request, f"{len(tools)} tool{'s' if len(tools) != 1 else ''} added.")
    return redirect("toolpool:tool_list")


@login_required
def export_my_tools(request):
    tools = request.user.tools.active().order_by("name", "pk")
    return csv_response("my-tools.csv", HEADER, export_rows(tools))
