from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin
from django.contrib.auth.validators import UnicodeUsernameValidator

from family_tools.forms import END_BEFORE_START

from .models import ZITI_IDENTITY_MAX_BYTES, AuditEvent, Invitation, Member


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with a message that tells a switched-off account apart."""

    error_messages = {
        "invalid_login": "That user name and password do not match. Both are case-sensitive.",
        "inactive": "This account is switched off. Ask %(admins)s if that is a mistake.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No "at most 150 characters" here: a longer name is simply nobody's.
        self.fields["username"].widget.attrs.pop("maxlength", None)

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            # Django's backend turns a switched-off account away like a wrong password; whoever
            # knows its password is told the real reason instead.
            switched_off = Member.objects.filter(
                username=self.cleaned_data.get("username"), is_active=False
            ).first()
            if switched_off is None or not switched_off.check_password(
                self.cleaned_data.get("password", "")
            ):
                raise
            raise forms.ValidationError(
                self.error_messages["inactive"],
                code="inactive",
                params={"admins": Member.objects.admin_names()},
            ) from error


class ForgotPasswordForm(forms.Form):
    # No max_length: a longer name is simply nobody's, and is answered like any other.
    username = forms.CharField(label="Your user name")


class JoinForm(SetPasswordMixin, forms.Form):
    """What a person fills in when they accept an invitation; the password follows the rules
    of Django's SetPasswordForm, as on every one-time link."""

    display_name = forms.CharField(
        max_length=60, help_text="How the family sees you, e.g. “Grandpa Joe”."
    )
    username = forms.CharField(
        label="User name for signing in",
        max_length=40,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @ . + - _ only.",
    )
    password, password_again = SetPasswordMixin.create_password_fields(label2="Password again")

    def clean_username(self):
        username = self.cleaned_data["username"]
        if Member.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That user name is taken; please pick another one.")
        return username

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords("password", "password_again")
        candidate = Member(
            username=cleaned.get("username", ""), display_name=cleaned.get("display_name", "")
        )
        self.validate_password_for_user(candidate, "password")
        return cleaned


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["invited_name", "as_admin"]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["display_name", "email", "weight_unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight_unit"].required = False

    def clean_weight_unit(self):
        """Not sent (an older form): the member's unit stays as it was."""
        return self.cleaned_data["weight_unit"] or self.instance.weight_unit


class MemberAdminForm(forms.ModelForm):
    """What an admin may change about a person: their name, role and overlay identity."""

    is_staff = forms.BooleanField(label="Admin", required=False)

    class Meta:
        model = Member
        fields = ["display_name", "email", "is_staff", "ziti_identity"]
        help_texts = {
            "ziti_identity": (
                "The identity their device enrolled as, at most "
                f"{ZITI_IDENTITY_MAX_BYTES} bytes; ziti/add-person.sh sets it."
            )
        }

    def clean_ziti_identity(self):
        return self.cleaned_data["ziti_identity"] or None

    def save(self, commit=True):
        member = super().save(commit=False)
        member.is_superuser = member.is_staff
        if commit:
            member.save()
        return member


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(required=False)
    actor = forms.ModelChoiceField(Member.objects.all(), required=False, empty_label="Anyone")
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
        self.fields["action"].choices = [("", "Any action")] + [(a, a) for a in actions]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", END_BEFORE_START)
        return cleaned

    def filter(self, events):
        data = self.cleaned_data
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("actor"):
            events = events.filter(actor=data["actor"])
        if data.get("since"):
            events = events.filter(at__date__gte=data["since"])
        if data.get("until"):
            events = events.filter(at__date__lte=data["until"])
        return events
