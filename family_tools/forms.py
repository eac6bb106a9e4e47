from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every form the same accessible way: label, field, help, then its own errors."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
