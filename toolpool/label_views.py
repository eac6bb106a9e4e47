"""Pages for QR labels: one tool's label, a sheet of many, and what a scan opens."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from family_tools.forms import ModelMultipleChoiceField
from family_tools.lib.pages import render_with_forms

from .labels import Label
from .models import Tool
from .views import _get_tool_for_user

PAPERS = [("a4", "A4"), ("letter", "Letter")]
SCOPES = [("mine", "My tools"), ("all", "All tools I can see")]


class LabelSheetForm(forms.Form):
    scope = forms.ChoiceField(choices=SCOPES, widget=forms.HiddenInput)
    tools = ModelMultipleChoiceField(
        queryset=Tool.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one tool to print its label."},
    )
    paper = forms.ChoiceField(choices=PAPERS, widget=forms.RadioSelect, initial="a4")

    def __init__(self, *args, member, scope, **kwargs):
        super().__init__(*args, **kwargs)
        tools = Tool.objects.active().select_related("owner")
        self.fields["tools"].queryset = tools.filter(owner=member) if scope == "mine" else tools
        self.fields["scope"].initial = scope


@login_required
def tool_label(request, pk):
    label = Label(_get_tool_for_user(request, pk))
    return render(request, "toolpool/tool_label.html", {"tool": label.tool, "label": label})


@login_required
def tool_scan(request, pk):
    tool = _get_tool_for_user(request, pk)
    context = {"tool": tool, "action": tool.scan_action_for(request.user)}
    return render(request, "toolpool/tool_scan.html", context)


@login_required
def label_sheet(request):
    scope = "all" if request.GET.get("scope") == "all" else "mine"
    chosen = "tools" in request.GET or "paper" in request.GET
    form = LabelSheetForm(request.GET if chosen else None, member=request.user, scope=scope)
    if chosen and form.is_valid():
        labels = [Label(tool) for tool in form.cleaned_data["tools"]]
        context = {"labels": labels, "paper": form.cleaned_data["paper"]}
        return render(request, "toolpool/label_sheet.html", context)
    context = {"form": form, "scope": scope, "scopes": SCOPES}
    return render_with_forms(request, "toolpool/label_sheet_form.html", context, form)
