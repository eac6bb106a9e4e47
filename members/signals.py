from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditEvent, Member


# Overlay callers never log in (Member.note_signed_in_by audits each new device instead).
@receiver(user_logged_in)
def record_sign_in(sender, request, user, **kwargs):
    AuditEvent.objects.record(
        user, "signin.succeeded", "signed in with a password or a one-time link"
    )


@receiver(user_logged_out)
def record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        AuditEvent.objects.record(user, "signin.signed_out", "signed out")


@receiver(user_login_failed)
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    member = Member.objects.filter(username__iexact=username).first()
    address = request.META.get("REMOTE_ADDR", "") if request else ""
    AuditEvent.objects.record(
        member, "signin.failed", f"failed sign-in as “{username}” from {address or 'unknown'}"
    )
