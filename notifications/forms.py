from django import forms

from .models import Delivery, DeliveryChoice, Kind


class DeliveryChoicesForm(forms.Form):
    """One choice per kind of event: in the site only, email too, or the daily digest."""

    def __init__(self, *args, member, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)
        chosen = DeliveryChoice.objects.for_member(member)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, initial=chosen[kind.value]
            )

    def save(self):
        DeliveryChoice.objects.choose(self.member, self.cleaned_data)
