from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from family_tools.lib.pages import page_of, render_with_forms

from .forms import DeliveryChoicesForm
from .mail import site_url
from .models import CalendarFeed, Notification

PAGE_SIZE = 30


@login_required
def inbox(request):
    notifications = Notification.objects.for_member(request.user)
    page, query = page_of(request, notifications, PAGE_SIZE)
    context = {"page": page, "query": query, "has_unread": notifications.unread().exists()}
    return render(request, "notifications/inbox.html", context)


@login_required
def open_notification(request, pk):
    """Follows a notification to what it is about, and counts it as read."""
    notification = get_object_or_404(Notification.objects.for_member(request.user), pk=pk)
    Notification.objects.filter(pk=notification.pk).mark_read()
    return redirect(notification.url)


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(Notification.objects.for_member(request.user), pk=pk)
    Notification.objects.filter(pk=notification.pk).mark_read()
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = Notification.objects.for_member(request.user).mark_read()
    messages.success(request, f"{count} marked read." if count else "Nothing was unread.")
    return redirect("notifications:inbox")


@login_required
def notification_settings(request):
    form = DeliveryChoicesForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your choices are saved.")
        return redirect("notifications:settings")
    feed = CalendarFeed.objects.of(request.user)
    context = {
        "form": form,
        "feed_url": site_url(feed.get_absolute_url()),
        "email_enabled": settings.EMAIL_ENABLED,
    }
    return render_with_forms(request, "notifications/settings.html", context, form)


@login_required
@require_POST
def reset_calendar(request):
    CalendarFeed.objects.of(request.user).reset()
    messages.success(request, "Your calendar has a new address; the old one no longer works.")
    return redirect("notifications:settings")
