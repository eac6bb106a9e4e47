from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread(request):
    """The header's unread count: one query, and only on a page that shows it."""
    member = request.user
    if not member.is_authenticated:
        return {"unread_notifications": 0}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.for_member(member).unread().count()
        )
    }
