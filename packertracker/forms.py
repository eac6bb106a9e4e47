from datetime import UTC, datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator

from family_tools.forms import ModelMultipleChoiceField, NumberMessages
from members.models import Member
from toolpool.models import Tool

from .formatting import format_weight
from .models import (
    MAX_QUANTITY,
    GearFields,
    GearItem,
    GroupNeed,
    Kit,
    MissingItem,
    Review,
    Trip,
    TripItem,
)

CATEGORY_LIST_ID = "gear-categories"
LINK_ONLY_HTTP = "Enter a web address that starts with http:// or https://."


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class TripForm(NumberMessages, forms.ModelForm):
    number_units = {"expected_low_c": "°C"}

    class Meta:
        model = Trip
        fields = [
            "name",
            "place",
            "start_date",
            "end_date",
            "season",
            "expected_low_c",
            "notes",
            "is_shared",
            "is_template",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_is_shared(self):
        is_shared = self.cleaned_data["is_shared"]
        if self.instance.pk and not is_shared and self.instance.participants.count() > 1:
            raise forms.ValidationError(
                "Others are on this trip. Remove them first to make it personal."
            )
        return is_shared


class NewTripForm(TripForm):
    start_from = forms.ModelChoiceField(
        Trip.objects.none(),
        required=False,
        empty_label="an empty list",
        label="Start my list from",
        help_text="A past trip or a template: you confirm the suggested items in the next step.",
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_from"].queryset = Trip.objects.starting_points_for(member)

    def trip_fields(self):
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**fields, "based_on": self.cleaned_data["start_from"]}


class ParticipantForm(forms.Form):
    member = forms.ModelChoiceField(Member.objects.none(), label="Invite a member")

    def __init__(self, *args, trip, **kwargs):
        super().__init__(*args, **kwargs)
        others = Member.objects.filter(is_active=True).exclude(trips=trip)
        self.fields["member"].queryset = others


class GearFieldsForm(NumberMessages, forms.ModelForm):
    """The gear fields, with a category box that offers the member's own categories."""

    number_units = {"weight_grams": "g", "quantity": "pieces", "price": "€"}
    link = forms.URLField(
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"], message=LINK_ONLY_HTTP)],
        error_messages={"invalid": LINK_ONLY_HTTP},
        help_text="Where it is described or sold (http or https).",
    )

    class Meta:
        fields = GearFields.GEAR_FIELD_NAMES
        widgets = {"category": forms.TextInput(attrs={"list": CATEGORY_LIST_ID})}

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def closet_has(self, name):
        same_name = self.member.closet.filter(name__iexact=name)
        if isinstance(self.instance, GearItem) and self.instance.pk:
            same_name = same_name.exclude(pk=self.instance.pk)
        return same_name.exists()


class GearItemForm(GearFieldsForm):
    class Meta(GearFieldsForm.Meta):
        model = GearItem

    def clean_name(self):
        name = self.cleaned_data["name"]
        if self.closet_has(name):
            raise forms.ValidationError(f"“{name}” is already in your closet.")
        return name


class TripItemForm(GearFieldsForm):
    save_to_closet = forms.BooleanField(
        required=False, label="Also save it to my closet", help_text="To reuse it on other trips."
    )

    class Meta(GearFieldsForm.Meta):
        model = TripItem

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # editing: the item is already in the closet or meant as one-off
            del self.fields["save_to_closet"]

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if cleaned.get("save_to_closet") and name and self.closet_has(name):
            self.add_error(
                "save_to_closet",
                f"“{name}” is already in your closet; untick this or pick another name.",
            )
        return cleaned


class KitForm(forms.ModelForm):
    class Meta:
        model = Kit
        fields = ["name", "items"]
        widgets = {"items": forms.CheckboxSelectMultiple}
        field_classes = {"items": ModelMultipleChoiceField}
        labels = {"items": "What is in it"}

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["items"].queryset = member.closet.all()

    def clean_name(self):
        name = self.cleaned_data["name"]
        if self.member.kits.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"You already have a kit called “{name}”.")
        return name


def describe_gear(gear, unit="g"):
    """“Tent · Shelter · 1.40 kg”: enough to tell two similar items apart in a pick list."""
    weight = gear.weight_grams and format_weight(gear.weight_grams, unit)
    parts = [gear.name, gear.category, weight]
    return " · ".join(part for part in parts if part)


def describe_kit(kit):
    return f"{kit.name} ({', '.join(gear.name for gear in kit.items.all()) or 'empty'})"


class ClosetPickForm(forms.Form):
    """Picks several closet items and kits for a trip list in one step."""

    gear = ModelMultipleChoiceField(
        GearItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Gear",
        error_messages={"invalid_choice": "One of the items is not in your closet (any more)."},
    )
    kits = ModelMultipleChoiceField(
        Kit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Kits",
        error_messages={"invalid_choice": "One of the kits is not yours (any more)."},
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gear"].queryset = member.closet.all()
        self.fields["gear"].label_from_instance = lambda gear: describe_gear(
            gear, member.weight_unit
        )
        self.fields["kits"].queryset = member.kits.prefetch_related("items")
        self.fields["kits"].label_from_instance = describe_kit

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("gear") and not cleaned.get("kits") and not self.errors:
            raise forms.ValidationError("Tick at least one item or kit.")
        return cleaned

    def chosen_gear(self):
        """The ticked items and the kits' items, each once, in closet order."""
        chosen = {gear.pk: gear for gear in self.cleaned_data["gear"]}
        for kit in self.cleaned_data["kits"]:
            chosen.update((gear.pk, gear) for gear in kit.items.all())
        return sorted(chosen.values(), key=lambda gear: (gear.category, gear.name))


class GroupNeedForm(NumberMessages, forms.ModelForm):
    number_units = {"amount": "(pieces, or people per piece)"}
    per_people = forms.TypedChoiceField(
        label="Counted",
        choices=[("false", "in total"), ("true", "per that many people")],
        coerce=lambda value: value == "true",
        initial="false",
        widget=forms.RadioSelect,
        help_text="“3, per that many people” means one for every three people on the trip.",
    )

    class Meta:
        model = GroupNeed
        fields = ["name", "amount", "per_people"]
        labels = {"name": "What the group needs", "amount": "How many"}

    def __init__(self, *args, trip, added_by=None, **kwargs):
        super().__init__(*args, instance=GroupNeed(trip=trip, added_by=added_by), **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"]
        if self.instance.trip.group_needs.filter(name__iexact=name).exists():
            raise forms.ValidationError(f"“{name}” is already on the group's list.")
        return name


class ClaimForm(NumberMessages, forms.Form):
    number_units = {"quantity": "pieces"}
    quantity = forms.IntegerField(
        label="How many",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)],
    )
    gear = forms.ModelChoiceField(
        GearItem.objects.none(),
        required=False,
        label="Which one",
        empty_label="not from my closet",
        help_text="From your closet, so its weight counts.",
    )

    def __init__(self, *args, member, need, closet=None, **kwargs):
        kwargs.setdefault("auto_id", f"need{need.pk}_%s")  # one claim form per need on a page
        super().__init__(*args, **kwargs)
        self.need = need
        gear = self.fields["gear"]
        gear.queryset = member.closet.all()
        if closet is not None:
            # The page shows one form per need; they offer one list read once, not a query each.
            gear.choices = [("", gear.empty_label), *((g.pk, g.name) for g in closet)]


class PackedForm(forms.Form):
    """The state the box should have: set explicitly, so a repeated request changes nothing."""

    packed = forms.TypedChoiceField(
        choices=[("true", "packed"), ("false", "not packed")], coerce=lambda value: value == "true"
    )


MAX_TICKS = 500


class TicksForm(forms.Form):
    """Packing ticks a phone kept while it had no connection, sent together as JSON.

    ``{"ticks": [{"item": 12, "packed": true, "at": 1767225600000}, …]}``, ``at`` being when
    the tick was made in milliseconds since 1970 (JavaScript's ``Date.now()``).
    """

    ticks = forms.JSONField()

    def clean_ticks(self):
        ticks = self.cleaned_data["ticks"]
        if not isinstance(ticks, list) or not 1 <= len(ticks) <= MAX_TICKS:
            raise forms.ValidationError(f"Send a list of 1 to {MAX_TICKS} ticks.")
        return [self.read_tick(tick) for tick in ticks]

    @staticmethod
    def read_tick(tick):
        bad = forms.ValidationError("Each tick needs an item id, packed true or false, and at.")
        if not isinstance(tick, dict):
            raise bad
        item, packed, at = tick.get("item"), tick.get("packed"), tick.get("at")
        if type(item) is not int or type(packed) is not bool or type(at) not in (int, float):
            raise bad
        try:
            ticked_at = datetime.fromtimestamp(at / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise bad from None
        return item, packed, ticked_at


class ReviewForm(forms.Form):
    """One used / not-needed choice per item on the member's list."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[self.field_name(item)] = forms.ChoiceField(
                label=item.name,
                choices=Review.choices,
                required=False,
                initial=item.review,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(item):
        return f"item_{item.pk}"

    def clean(self):
        cleaned = super().clean()
        if self.data.get("all_used"):
            cleaned.update({self.field_name(item): Review.USED for item in self.items})
        return cleaned

    def choice_for(self, item):
        """The choice sent; none sent (a radio cannot be unchosen) keeps the one saved."""
        if self.field_name(item) not in self.data and not self.data.get("all_used"):
            return item.review
        return self.cleaned_data[self.field_name(item)]

    def next_time(self):
        """What the choices change on the next list made from this trip, before they are saved."""
        chosen = {item.name: self.choice_for(item) for item in self.items}
        return {
            "suggested": [name for name, review in chosen.items() if review == Review.USED],
            "left_out": [name for name, review in chosen.items() if review == Review.NOT_NEEDED],
            "undecided": [name for name, review in chosen.items() if not review],
        }

    def rows(self):
        return [(item, self[self.field_name(item)]) for item in self.items]

    def save(self):
        changed = []
        for item in self.items:
            review = self.choice_for(item)
            if review != item.review:
                item.review = review
                changed.append(item)
        TripItem.objects.bulk_update(changed, ["review"])
        return changed


REVIEW_FORM_ID = "review-form"


class MissingItemForm(forms.ModelForm):
    """Sent with the review form (the HTML form attribute), so adding one keeps the choices."""

    class Meta:
        model = MissingItem
        fields = ["name", "category", "note"]
        widgets = {
            "name": forms.TextInput(attrs={"form": REVIEW_FORM_ID}),
            "category": forms.TextInput(attrs={"list": CATEGORY_LIST_ID, "form": REVIEW_FORM_ID}),
            "note": forms.TextInput(attrs={"form": REVIEW_FORM_ID}),
        }


class SuggestionForm(forms.Form):
    """The suggested list, each item ticked or not; the member confirms it in one step."""

    chosen = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions
        field = self.fields["chosen"]
        field.choices = [(s.key, s.name) for s in suggestions]
        field.initial = [s.key for s in suggestions if s.ticked]

    def rows(self):
        return list(zip(self["chosen"], self.suggestions, strict=True))

    def chosen_suggestions(self):
        chosen = set(self.cleaned_data["chosen"])
        return [s for s in self.suggestions if s.key in chosen]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="LighterPack CSV file",
        help_text="Columns: Item Name, Category, desc, qty, weight, unit, worn, consumable.",
    )


class BorrowForm(forms.Form):
    tool = forms.ModelChoiceField(
        Tool.objects.none(),
        label="Tool",
        help_text="Tools in the Tool Pool that are free for the whole trip.",
        error_messages={"invalid_choice": "That tool is not free for these dates (any more)."},
    )
    need = forms.ModelChoiceField(
        GroupNeed.objects.none(),
        required=False,
        label="For the group's",
        empty_label="just for me",
        help_text="It counts as your claim on that group gear while the loan stands.",
    )
    message = forms.CharField(
        label="Message to the owner",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, member, trip, **kwargs):
        super().__init__(*args, **kwargs)
        tools = Tool.objects.free_between(*trip.loan_dates).exclude(owner=member)
        self.fields["tool"].queryset = tools.select_related("owner")
        self.fields["tool"].label_from_instance = lambda tool: f"{tool} ({tool.owner})"
        self.fields["need"].queryset = trip.group_needs.all()
        if not trip.is_shared:
            del self.fields["need"]
