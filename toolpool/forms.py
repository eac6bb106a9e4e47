from django import forms
from django.db.models import Exists, OuterRef

from family_tools.forms import END_BEFORE_START, ModelMultipleChoiceField, NumberMessages
from members.models import Member

from .images import prepare_photo
from .models import (
    Category,
    Condition,
    LendingRefused,
    Loan,
    MaintenanceEntry,
    Service,
    Tool,
    WantedTool,
    lending,
)

MAX_PHOTOS_AT_ONCE = 6


class DateInput(forms.DateInput):
    input_type = "date"


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS_AT_ONCE photos in one field, each re-encoded while the form is cleaned.

    Its cleaned value is a list of ``PreparedPhoto``: a file that cannot be decoded is an error
    on this field, found before anything is saved.
    """

    widget = MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", f"Up to {MAX_PHOTOS_AT_ONCE} JPEG, PNG or WebP photos.")
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data or []) if upload]
        if self.required and not uploads:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(uploads) > MAX_PHOTOS_AT_ONCE:
            raise forms.ValidationError(f"Please pick at most {MAX_PHOTOS_AT_ONCE} photos at once.")
        photos, errors = [], []
        for upload in uploads:
            try:
                photos.append(prepare_photo(super().clean(upload, initial)))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return photos


class ToolForm(NumberMessages, forms.ModelForm):
    number_units = {"replacement_value": "€"}
    manual_url = forms.URLField(
        label="Link to the manual", max_length=500, required=False, assume_scheme="https"
    )
    photos = PhotosField(label="Add photos")

    class Meta:
        model = Tool
        fields = [
            "name",
            "category",
            "description",
            "condition",
            "location",
            "replacement_value",
            "manual_url",
            "lendable",
            "auto_approve",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class LoanRequestForm(forms.ModelForm):
    class Meta:
        model = Loan
        fields = ["start", "end", "message"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            try:
                lending.check_new_loan_dates(start, end)
            except LendingRefused as refusal:
                self.add_error(refusal.field, str(refusal))
        return cleaned


class ConditionForm(forms.Form):
    """How the tool looks at hand-over or return."""

    condition = forms.ChoiceField(choices=Condition)
    note = forms.CharField(
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Scratches, missing parts, anything worth remembering.",
    )
    photos = PhotosField()


class DisputeForm(ConditionForm):
    """The owner's side of a return: how it really came back, in their words and photos."""

    note = forms.CharField(
        label="What is not as described",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The borrower sees this next to their own report.",
    )


class MaintenanceForm(NumberMessages, forms.ModelForm):
    """Work done on a tool; ticking "it works again" is the repair that lends it again."""

    number_units = {"cost": "€"}
    photos = PhotosField(label="Photos of the work")

    class Meta:
        model = MaintenanceEntry
        fields = ["what", "cost", "repaired"]
        widgets = {"what": forms.Textarea(attrs={"rows": 3})}


class StopLendingForm(forms.Form):
    """The owner says the tool needs repair or is out of service."""

    service = forms.ChoiceField(
        label="It",
        choices=[
            (Service.NEEDS_REPAIR, "needs repair"),
            (Service.OUT_OF_SERVICE, "is out of service"),
        ],
        widget=forms.RadioSelect,
    )
    why = forms.CharField(max_length=200, help_text="What is wrong; people who booked it are told.")


class ExtendForm(forms.Form):
    end = forms.DateField(label="New due date", widget=DateInput())

    def __init__(self, *args, loan, **kwargs):
        super().__init__(*args, **kwargs)
        self.loan = loan

    def clean_end(self):
        end = self.cleaned_data["end"]
        try:
            lending.check_new_end(self.loan, end)
        except LendingRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return end


class ToolFilterForm(forms.Form):
    """The browse page's query string; a field with a bad value is reported and ignored."""

    SORTS = {
        "name": ("Name", ["name", "pk"]),
        "newest": ("Newest first", ["-created_at", "-pk"]),
        "category": ("Category", ["category", "name", "pk"]),
        "owner": ("Owner", ["owner__display_name", "name", "pk"]),
    }

    q = forms.CharField(label="Search", max_length=100, required=False)
    category = forms.ChoiceField(
        choices=[("", "All categories"), *Category.choices], required=False
    )
    owner = forms.ModelChoiceField(
        queryset=Member.objects.filter(Exists(Tool.objects.active().filter(owner=OuterRef("pk")))),
        empty_label="Anyone",
        required=False,
    )
    free_from = forms.DateField(label="Free from", widget=DateInput(), required=False)
    free_until = forms.DateField(label="until", widget=DateInput(), required=False)
    sort = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in SORTS.items()], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

    def clean(self):
        cleaned = super().clean()
        free_from, free_until = cleaned.get("free_from"), cleaned.get("free_until")
        if free_from and free_until and free_until < free_from:
            self.add_error("free_until", END_BEFORE_START)
        return cleaned

    @property
    def narrows(self):
        """Whether anything besides the search text is chosen (or wrong) in the query."""
        return any(self.data.get(name) for name in self.fields if name != "q")

    def filter(self, tools):
        """Applies every field that is valid; ``is_valid()`` must have run first."""
        values = self.cleaned_data
        if values.get("q"):
            tools = tools.search(values["q"])
        if values.get("category"):
            tools = tools.filter(category=values["category"])
        if values.get("owner"):
            tools = tools.filter(owner=values["owner"])
        free_from = values.get("free_from") or values.get("free_until")
        if free_from and "free_until" not in self.errors:
            tools = tools.free_between(free_from, values.get("free_until") or free_from)
        return tools.order_by(*self.SORTS[values.get("sort") or "name"][1])


class TrustedBorrowersForm(forms.Form):
    borrowers = ModelMultipleChoiceField(
        label="People whose requests are approved automatically",
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only for tools where you chose “Yes, for the people I trust”.",
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borrowers"].queryset = Member.objects.filter(is_active=True).exclude(
            pk=owner.pk
        )


class WantedToolForm(forms.ModelForm):
    class Meta:
        model = WantedTool
        fields = ["what", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}


class WantedAnswerForm(forms.Form):
    tool = forms.ModelChoiceField(
        label="One of my tools", queryset=Tool.objects.none(), required=False, empty_label="—"
    )
    note = forms.CharField(
        max_length=300,
        required=False,
        help_text="Or just say you have one, e.g. “Mine is in the shed, call me”.",
    )

    def __init__(self, *args, member, wanted, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tool"].queryset = Tool.objects.active().filter(owner=member)
        self.asks_themselves = member == wanted.asker

    def clean(self):
        cleaned = super().clean()
        if self.asks_themselves:
            raise forms.ValidationError("You asked this yourself; others answer here.")
        if not self.errors and not cleaned.get("tool") and not cleaned.get("note"):
            raise forms.ValidationError("Pick one of your tools or write a short note.")
        return cleaned


class NewOwnerForm(forms.Form):
    """An admin hands a tool to another member, e.g. when its owner was switched off."""

    owner = forms.ModelChoiceField(Member.objects.none(), label="Give it to")

    def __init__(self, *args, tool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Member.objects.filter(is_active=True).exclude(
            pk=tool.owner_id
        )
