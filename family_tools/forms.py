from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


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
