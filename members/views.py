from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from family_tools.lib.pages import page_of, render_with_forms
from family_tools.lib.qr import qr_svg

from .decorators import admin_required
from .forms import (
    AuditFilterForm,
    ForgotPasswordForm,
    InvitationForm,
    JoinForm,
    MemberAdminForm,
    ProfileForm,
    SignInForm,
)
from .models import AuditEvent, Invitation, Member, SignInLink, sign_in_lockout_minutes

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class SignInView(auth_views.LoginView):
    template_name = "members/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        # A device signed in by its overlay identity is signed in again by the very next
        # request, so it is told how its access really ends instead.
        if request.overlay_identity is not None:
            return render(request, "members/sign_out_overlay.html")
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "members/password_change.html"
    success_url = reverse_lazy("members:profile")

    def get_form_class(self):
        # A member who never had a password (signed in by a link or a device) has no old one.
        return PasswordChangeForm if self.request.user.has_usable_password() else SetPasswordForm

    def form_valid(self, form):
        if self.request.overlay_identity is None:
            return super().form_valid(form)
        # Django keeps the session signed in across the new password; an overlay caller has no
        # session, and keeping one would create it.
        form.save()
        return redirect(self.get_success_url())


def signin_locked_out(request, response=None, credentials=None):
    """Axes calls this once an account or a client address has too many failed sign-ins."""
    username = request.POST.get("username", "")
    # Unbound: checking the password again would add "do not match" to the lockout.
    form = SignInForm(request, initial={"username": username})
    minutes = sign_in_lockout_minutes(username, request.axes_ip_address)
    context = {"form": form, "locked_out_minutes": minutes}
    return render(request, "members/sign_in.html", context, status=429)


def forgot_password(request):
    """Answers every name alike: an email goes out only for an account with an address."""
    form = ForgotPasswordForm(request.POST or None)
    asked = request.method == "POST" and form.is_valid()
    if asked:
        SignInLink.email_for_forgotten_password(
            form.cleaned_data["username"], request.build_absolute_uri
        )
    context = {
        "form": form,
        "asked": asked,
        "admins": Member.objects.admin_names(),
        "email_configured": bool(settings.EMAIL_HOST),
        "valid_minutes": settings.SIGN_IN_LINK_VALID_MINUTES,
    }
    status = 400 if form.errors else 200
    return render(request, "members/forgot_password.html", context, status=status)


def link_refused(request, state):
    return render(request, "members/link_unusable.html", {"state": state}, status=410)


def accept_invitation(request, token):
    invitation = Invitation.objects.filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        return link_refused(request, invitation.state if invitation else "unknown")

    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = invitation.accept(
                form.cleaned_data["username"],
                form.cleaned_data["display_name"],
                form.cleaned_data["password"],
            )
        except ValueError as used_meanwhile:
            return link_refused(request, str(used_meanwhile))
        login(request, member, backend=MODEL_BACKEND)
        messages.success(request, f"Welcome, {member}! You are now a member.")
        return redirect("home")
    return render(request, "members/join.html", {"form": form, "invitation": invitation})


def sign_in_link(request, token):
    """A one-time link: its member sets a password with it, or skips that when their device
    already signs them in over the overlay."""
    link = SignInLink.objects.filter(token=token).select_related("member").first()
    if link is None or link.refusal:
        return link_refused(request, link.refusal if link else "unknown")
    member = link.member
    signed_in_by_device = request.overlay_identity is not None and request.user == member
    form = SetPasswordForm(member, request.POST or None)
    skipping = signed_in_by_device and "skip" in request.POST
    if request.method == "POST" and (skipping or form.is_valid()):
        password = None if skipping else form.cleaned_data["new_password1"]
        try:
            member = link.redeem(password)
        except ValueError as used_meanwhile:
            return link_refused(request, str(used_meanwhile))
        # Over the overlay the device signs the member in; a session would only be created.
        if request.overlay_identity is None:
            login(request, member, backend=MODEL_BACKEND)
        if password:
            messages.success(request, "Your password is set. Sign in with it next time.")
        return redirect("home")
    context = {"form": form, "member": member, "link": link, "may_skip": signed_in_by_device}
    return render_with_forms(request, "members/set_password.html", context, form)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("members:profile")
    return render(request, "members/profile.html", {"form": form})


@admin_required
def people(request):
    """The admin's overview of members and invitations; posting here creates an invitation."""
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = form.save(commit=False)
        invitation.invited_by = request.user
        invitation.save()
        AuditEvent.objects.record(
            request.user, "invitation.created", f"invited {invitation.invited_name}"
        )
        link = request.build_absolute_uri(invitation.get_absolute_url())
        messages.success(request, f"Invitation for {invitation.invited_name} created: {link}")
        return redirect("members:people")
    open_links = Prefetch(
        "sign_in_links", SignInLink.objects.usable(), to_attr="open_sign_in_links"
    )
    context = {
        "members": Member.objects.prefetch_related(open_links),
        "invitations": Invitation.objects.select_related("member", "invited_by")[:50],
        "form": form,
        "invitation_days": settings.INVITATION_VALID_DAYS,
    }
    return render_with_forms(request, "members/people.html", context, form)


@admin_required
@require_POST
def make_sign_in_link(request, pk):
    member = get_object_or_404(Member, pk=pk)
    if not member.is_active:
        messages.error(request, f"{member} is deactivated; reactivate them first.")
        return redirect("members:people")
    link = SignInLink.issue(member, by=request.user)
    return redirect("members:show_sign_in_link", link.pk)


@admin_required
def show_sign_in_link(request, pk):
    link = get_object_or_404(SignInLink.objects.select_related("member"), pk=pk)
    address = request.build_absolute_uri(link.get_absolute_url())
    context = {"link": link, "address": address, "qr_code": qr_svg(address)}
    return render(request, "members/sign_in_link.html", context)


def revoke_link(request, links, pk):
    link = get_object_or_404(links, pk=pk)
    if link.is_usable:
        link.revoke(request.user)
        messages.success(request, f"The {link.description} is revoked.")
    else:
        messages.error(request, f"That {link.description} is already {link.state}.")
    return redirect("members:people")


@admin_required
@require_POST
def revoke_invitation(request, pk):
    return revoke_link(request, Invitation.objects.all(), pk)


@admin_required
@require_POST
def revoke_sign_in_link(request, pk):
    return revoke_link(request, SignInLink.objects.select_related("member"), pk)


@admin_required
def edit_member(request, pk):
    member = get_object_or_404(Member, pk=pk)
    form = MemberAdminForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        changed = ", ".join(form.changed_data) or "nothing"
        AuditEvent.objects.record(
            request.user, "member.changed", f"changed {member}: {changed}", target=member
        )
        messages.success(request, f"{member} is saved.")
        return redirect("members:people")
    return render(request, "members/edit_member.html", {"form": form, "member": member})


@admin_required
def deactivate_member(request, pk):
    """A confirmation page listing what deactivating will do; posting it deactivates."""
    member = get_object_or_404(Member, pk=pk, is_active=True)
    if member == request.user:
        messages.error(request, "You cannot deactivate yourself.")
        return redirect("members:people")
    if request.method == "POST":
        member.deactivate(by=request.user)
        messages.success(
            request,
            f"{member} is deactivated: their sessions have ended and their pending requests "
            "are declined.",
        )
        return redirect("members:people")
    context = {"member": member, "consequences": member.deactivation_preview()}
    return render(request, "members/deactivate.html", context)


@admin_required
@require_POST
def reactivate_member(request, pk):
    member = get_object_or_404(Member, pk=pk)
    member.reactivate(by=request.user)
    messages.success(request, f"{member} can sign in again.")
    return redirect("members:people")


@admin_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor")
    if form.is_bound and form.is_valid():
        events = form.filter(events)
    page, query = page_of(request, events, 50)
    context = {"form": form, "page": page, "query": query}
    return render(request, "members/audit_log.html", context)
