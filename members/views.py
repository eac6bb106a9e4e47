from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from .decorators import admin_required
from .forms import (
    AuditFilterForm,
    InvitationForm,
    JoinForm,
    MemberAdminForm,
    ProfileForm,
    SignInForm,
)
from .models import AuditEvent, Invitation, Member, SignInLink

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

    def form_valid(self, form):
        if self.request.overlay_identity is None:
            return super().form_valid(form)
        # Django keeps the session signed in across the new password; an overlay caller has no
        # session, and keeping one would create it.
        form.save()
        return redirect(self.get_success_url())


def signin_locked_out(request, response=None, credentials=None):
    """Axes calls this once an account or a client address has too many failed sign-ins."""
    form = SignInForm(request, data=request.POST or None)
    context = {"form": form, "locked_out": True}
    return render(request, "members/sign_in.html", context, status=429)


def accept_invitation(request, token):
    invitation = Invitation.objects.filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        state = invitation.state if invitation else "unknown"
        return render(request, "members/link_unusable.html", {"state": state}, status=410)

    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = invitation.accept(
                form.cleaned_data["username"],
                form.cleaned_data["display_name"],
                form.cleaned_data["password"],
            )
        except ValueError as used_meanwhile:
            return render(
                request, "members/link_unusable.html", {"state": str(used_meanwhile)}, status=410
            )
        login(request, member, backend=MODEL_BACKEND)
        messages.success(request, f"Welcome, {member}! You are now a member.")
        return redirect("home")
    return render(request, "members/join.html", {"form": form, "invitation": invitation})


def sign_in_link(request, token):
    link = SignInLink.objects.filter(token=token).select_related("member").first()
    if link is None or not link.is_usable or not link.member.is_active:
        state = link.state if link else "unknown"
        return render(request, "members/link_unusable.html", {"state": state}, status=410)
    link.mark_used()
    login(request, link.member, backend=MODEL_BACKEND)
    if not link.member.has_usable_password():
        messages.info(request, "Welcome! Set a password so you can sign in again later.")
        return redirect("members:password_change")
    return redirect("home")


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
    context = {
        "members": Member.objects.all(),
        "invitations": Invitation.objects.select_related("member", "invited_by")[:50],
        "form": form,
        "invitation_days": settings.INVITATION_VALID_DAYS,
    }
    return render(request, "members/people.html", context, status=400 if form.errors else 200)


@admin_required
@require_POST
def revoke_invitation(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    if invitation.is_usable:
        invitation.revoke(request.user)
        messages.success(request, f"The invitation for {invitation.invited_name} is revoked.")
    else:
        messages.error(request, f"That invitation is already {invitation.state}.")
    return redirect("members:people")


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
@require_POST
def set_member_active(request, pk):
    member = get_object_or_404(Member, pk=pk)
    if member == request.user:
        messages.error(request, "You cannot deactivate yourself.")
    elif request.POST.get("active") == "1":
        member.reactivate(by=request.user)
        messages.success(request, f"{member} can sign in again.")
    else:
        member.deactivate(by=request.user)
        messages.success(request, f"{member} is deactivated; their sessions have ended.")
    return redirect("members:people")


@admin_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor")
    if form.is_bound and form.is_valid():
        events = form.filter(events)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "members/audit_log.html", context)
