import logging
import math
import secrets
import smtplib
from datetime import timedelta

from axes.models import AccessAttempt
from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from . import hooks

logger = logging.getLogger(__name__)

# The SDK's accept() copies the caller's identity name into a 128-byte buffer with strncpy, so a
# name of 128 bytes or more arrives cut to its first 128 bytes, and a name of exactly 128 bytes
# looks the same as a longer one cut short. Only names up to 127 bytes (UTF-8) arrive whole.
ZITI_IDENTITY_MAX_BYTES = 127


def arrives_whole(identity):
    """True when the SDK passes the identity name on uncut (see ZITI_IDENTITY_MAX_BYTES)."""
    return len(identity.encode()) <= ZITI_IDENTITY_MAX_BYTES


def validate_ziti_identity(identity):
    if not arrives_whole(identity):
        raise ValidationError(
            "An overlay identity name may be at most %(limit)d bytes long (UTF-8), this one has "
            "%(size)d: the Ziti SDK cuts longer names short, so the site could not tell who it is.",
            code="too_long",
            params={"limit": ZITI_IDENTITY_MAX_BYTES, "size": len(identity.encode())},
        )


def sign_in_lockout_minutes(username, ip_address):
    """Whole minutes, at least 1, until a sign-in locked for this name or client address is
    allowed again: django-axes counts the cool-off from the latest failure."""
    attempts = AccessAttempt.objects.filter(
        models.Q(username=username) | models.Q(ip_address=ip_address)
    )
    latest = attempts.aggregate(latest=models.Max("attempt_time"))["latest"] or timezone.now()
    left = latest + settings.AXES_COOLOFF_TIME - timezone.now()
    return max(1, math.ceil(left.total_seconds() / 60))


class MemberQuerySet(models.QuerySet):
    def with_identity(self, identity):
        """The member linked to this overlay identity name, compared whole; nobody for no name."""
        if not identity:
            return self.none()
        return self.filter(ziti_identity=identity)

    def admins(self):
        """The admins a member can turn to: active ones only."""
        return self.filter(is_staff=True, is_active=True)

    def admin_names(self):
        """ "Ruth, Tom or Anna": the active admins, for a sentence that says whom to ask."""
        names = [str(admin) for admin in self.admins()] or ["an admin"]
        return " or ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


class MemberManager(UserManager.from_queryset(MemberQuerySet)):
    """UserManager (create_user, …) with the member queries."""


class WeightUnit(models.TextChoices):
    GRAMS = "g", "g (kg from 1,000 g)"
    KILOGRAMS = "kg", "kg"
    OUNCES = "oz", "oz"
    POUNDS = "lb", "lb"


class Member(AbstractUser):
    """A person in the family circle. Admins are staff; everyone else is a member."""

    display_name = models.CharField(max_length=60)
    weight_unit = models.CharField(
        "show weights in",
        max_length=2,
        choices=WeightUnit.choices,
        default=WeightUnit.GRAMS,
        help_text="On trip lists, charts, the printed checklist and CSV export.",
    )
    # The overlay identity this member's device enrolled as; the dark runner signs them in by it.
    ziti_identity = models.CharField(
        "Ziti identity",
        max_length=ZITI_IDENTITY_MAX_BYTES,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_ziti_identity],
    )
    # The identity they were last signed in by: a different one is a new device, audited once.
    ziti_identity_seen = models.CharField(
        max_length=ZITI_IDENTITY_MAX_BYTES, blank=True, default="", editable=False
    )

    objects = MemberManager()

    class Meta:
        ordering = ["display_name", "username"]

    def __str__(self):
        return self.display_name or self.username

    @property
    def is_admin(self):
        return self.is_staff

    @property
    def role(self):
        return "admin" if self.is_admin else "member"

    def deactivation_preview(self):
        """What deactivating the member will do, as (heading, things) from each app."""
        responses = hooks.deactivation_preview.send(sender=Member, member=self)
        return [section for _, sections in responses for section in sections]

    @transaction.atomic
    def deactivate(self, by):
        """Ends the member's access at once and lets each app settle what they leave behind
        (hooks.member_deactivated); everything they did stays in the history."""
        member = Member.objects.select_for_update().get(pk=self.pk)
        if not member.is_active:
            return
        self.is_active = False
        self.save(update_fields=["is_active"])
        self.end_sessions()
        AuditEvent.objects.record(by, "member.deactivated", f"deactivated {self}", target=self)
        reason = f"{self} was deactivated by {by}"
        hooks.member_deactivated.send(sender=Member, member=self, by=by, reason=reason)

    def reactivate(self, by):
        self.is_active = True
        self.save(update_fields=["is_active"])
        AuditEvent.objects.record(by, "member.reactivated", f"reactivated {self}", target=self)

    def check_identity_link(self, identity):
        """Raises ValidationError unless this member may be linked to the identity name: it must
        arrive whole (code "too_long") and belong to no other member (code "taken")."""
        validate_ziti_identity(identity)
        owner = Member.objects.with_identity(identity).exclude(pk=self.pk).first()
        if owner is not None:
            raise ValidationError(f"{identity} is already linked to {owner}.", code="taken")

    def note_signed_in_by(self, identity):
        """Audits the first request by a new device identity and counts it as a sign-in; later
        requests by the same identity write nothing at all."""
        if self.ziti_identity_seen == identity:
            return
        now = timezone.now()
        # Conditional, so two first requests at the same moment audit the new device once.
        first = (
            Member.objects.filter(pk=self.pk)
            .exclude(ziti_identity_seen=identity)
            .update(ziti_identity_seen=identity, last_login=now)
        )
        self.ziti_identity_seen, self.last_login = identity, now
        if first:
            AuditEvent.objects.record(
                self,
                "signin.new_device",
                f"signed in from a new device (overlay identity {identity})",
            )

    def end_sessions(self):
        for session in Session.objects.filter(expire_date__gt=timezone.now()):
            if session.get_decoded().get("_auth_user_id") == str(self.pk):
                session.delete()


def new_token():
    return secrets.token_urlsafe(32)


class OneTimeLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at=None, revoked_at=None, expires_at__gt=timezone.now())


class OneTimeLink(models.Model):
    """A secret link that works once, until it expires or is revoked."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = OneTimeLinkQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def state(self):
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"

    @property
    def is_usable(self):
        return self.state == "open"

    def revoke(self, by):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
        AuditEvent.objects.record(by, self.revoked_action, f"revoked the {self.description}")


# How long "Forgot your password?" waits before it emails the same member another link.
EMAIL_LINK_INTERVAL = timedelta(minutes=5)


def invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(OneTimeLink):
    """An admin's invitation: whoever opens the link picks a name and password and joins."""

    invited_name = models.CharField(
        "who it is for", max_length=60, help_text="Only for your overview, e.g. “Aunt Rita”."
    )
    as_admin = models.BooleanField("make them an admin", default=False)
    invited_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )

    class Meta:
        ordering = ["-created_at"]

    revoked_action = "invitation.revoked"

    def __str__(self):
        return f"Invitation for {self.invited_name}"

    def save(self, *args, **kwargs):
        if not self.expires_at:
            self.expires_at = invitation_expiry()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:accept_invitation", args=[self.token])

    @property
    def description(self):
        return f"invitation for {self.invited_name}"

    @transaction.atomic
    def accept(self, username, display_name, password):
        """Creates the member; the row lock makes a link that is opened twice work once."""
        invitation = Invitation.objects.select_for_update().get(pk=self.pk)
        if not invitation.is_usable:
            raise ValueError(invitation.state)
        member = Member(
            username=username,
            display_name=display_name,
            is_staff=self.as_admin,
            is_superuser=self.as_admin,
        )
        member.set_password(password)
        member.save()
        invitation.member = member
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["member", "used_at"])
        AuditEvent.objects.record(
            member, "invitation.accepted", f"joined as {member.role} ({self.invited_name})"
        )
        return member


class SignInLink(OneTimeLink):
    """A one-time sign-in for an existing account (the first admin, or a forgotten password)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="sign_in_links")

    revoked_action = "signin_link.revoked"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Sign-in link for {self.member}"

    def get_absolute_url(self):
        return reverse("members:sign_in_link", args=[self.token])

    @property
    def description(self):
        return f"one-time sign-in link for {self.member}"

    @classmethod
    def issue(cls, member, by=None):
        """A new link for the member, valid SIGN_IN_LINK_VALID_MINUTES; audited when an admin
        (``by``) made it."""
        valid = timedelta(minutes=settings.SIGN_IN_LINK_VALID_MINUTES)
        link = cls.objects.create(member=member, expires_at=timezone.now() + valid)
        if by is not None:
            AuditEvent.objects.record(
                by, "signin_link.created", f"made a {link.description}", target=member
            )
        return link

    @classmethod
    def email_for_forgotten_password(cls, username, absolute_url):
        """Emails a new link to the active member with that user name, if email is configured
        (EMAIL_HOST) and they gave an address; otherwise does nothing. Callers answer the same
        either way, so nobody learns whether an account exists. ``absolute_url`` turns the
        link's path into the address to click."""
        member = Member.objects.filter(username__iexact=username, is_active=True).first()
        if not settings.EMAIL_HOST or member is None or not member.email:
            return
        # One email per few minutes, however often someone asks in the member's name.
        recently = timezone.now() - EMAIL_LINK_INTERVAL
        if member.sign_in_links.filter(created_at__gt=recently, revoked_at=None).exists():
            return
        link = cls.issue(member)
        minutes = settings.SIGN_IN_LINK_VALID_MINUTES
        try:
            send_mail(
                "Your family_tools sign-in link",
                f"Hello {member},\n\nsomeone (hopefully you) asked for a way back into "
                f"family_tools. This link signs you in as {member.username} once, within "
                f"{minutes} minutes, and lets you set a new password:\n\n"
                f"{absolute_url(link.get_absolute_url())}\n\n"
                "If you did not ask for it, ignore this email: your password stays as it is.",
                None,
                [member.email],
            )
        except (smtplib.SMTPException, OSError):
            # A mail server that is down must not answer differently for a real account.
            logger.exception("could not email a sign-in link to member %s", member.pk)
            link.delete()
            return
        AuditEvent.objects.record(
            member, "signin_link.emailed", "was emailed a sign-in link (forgot password)", member
        )

    @property
    def refusal(self):
        """Why the link cannot sign anyone in ("used", "expired", …), or "" while it can."""
        if not self.is_usable:
            return self.state
        return "" if self.member.is_active else "switched_off"

    @transaction.atomic
    def redeem(self, password=None):
        """Uses the link up and returns its member, who may now be signed in: sets their new
        password when one is given and lifts their sign-in lockout. Raises ValueError with the
        refusal when the link no longer works; the row lock makes a link opened twice work once.
        """
        link = SignInLink.objects.select_for_update().select_related("member").get(pk=self.pk)
        if link.refusal:
            raise ValueError(link.refusal)
        member = link.member
        if password is not None:
            member.set_password(password)
            member.save(update_fields=["password"])
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        reset_sign_in_failures(username=member.username)
        done = "signed in with a one-time link" + (" and set a password" if password else "")
        AuditEvent.objects.record(member, "signin_link.used", done, target=member)
        return member


class AuditEventQuerySet(models.QuerySet):
    def record(self, actor, action, summary, target=None):
        return self.create(
            actor=actor if actor and actor.pk else None,
            action=action,
            summary=summary[:300],
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
        )


class AuditEvent(models.Model):
    """Who did what and when: sign-ins, invitations, member changes, every lending event."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    action = models.CharField(max_length=40, db_index=True)
    summary = models.CharField(max_length=300)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=40, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or 'someone'}: {self.summary}"
