from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.renderers import TemplatesSetting

# The one sentence for a date range whose end comes before its start, shown under the end.
END_BEFORE_START = "The end is before the start; pick the start day or a later one."


class FormRenderer(TemplatesSetting):
    """Renders every form the same accessible way: label, field, help, then its own errors."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, except that an id too big for the database is a wrong choice, not a 500.

    Django checks that each id is a number but leaves its size to the database, and SQLite
    cannot even compare 99999999999999999999: a tampered form should hear "not a choice".
    """

    def clean(self, value):
        try:
            return super().clean(value)
        except OverflowError:
            too_big = max((str(choice) for choice in value), key=len)
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": too_big},
            ) from None


class NumberMessages:
    """Form mixin: each number field in ``number_units`` ({name: unit}) says one sentence, with
    its unit, for every number out of its range and for anything that is not a number.

    A number field has limits in several places (a positive model field makes its form field
    refuse below 0, the model's validators below 1, a decimal field its digits), each with
    Django's own wording; the form field's messages by code replace them all, as a ModelForm
    applies them to the model's errors too. The limits are the tightest of those.
    """

    number_units = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, unit in self.number_units.items():
            field = self.fields[name]
            low, high = self.number_limits(name, field)
            places = getattr(field, "decimal_places", None)
            if places:
                message = f"Enter an amount from {low:,} to {high:,} {unit}, to the cent at most."
            else:
                message = f"Enter a whole number from {low:,} to {high:,} {unit}."
            for code in ("invalid", "min_value", "max_value", *DECIMAL_CODES):
                field.error_messages[code] = message
            field.widget.attrs.update(min=low, max=high)

    def number_limits(self, name, field):
        validators = list(field.validators)
        model = getattr(getattr(self, "_meta", None), "model", None)
        try:
            validators += model._meta.get_field(name).validators if model else []
        except FieldDoesNotExist:
            pass
        lows = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
        highs = [v.limit_value for v in validators if isinstance(v, MaxValueValidator)]
        if getattr(field, "max_digits", None):
            places = field.decimal_places
            highs.append(Decimal(10) ** (field.max_digits - places) - Decimal(10) ** -places)
        return max(lows), min(highs)


# What a DecimalField's DecimalValidator says for too many digits, by code.
DECIMAL_CODES = ("max_digits", "max_decimal_places", "max_whole_digits")
