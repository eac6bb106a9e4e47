"""The site's URLs plus pages that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from family_tools.urls import handler400, handler403, handler404, handler500, urlpatterns

SECRET_DETAIL = "DATABASE_URL=postgres://secret@/srv/family_tools/settings.py"


def fails(request):
    raise RuntimeError(SECRET_DETAIL)


def refuses(request):
    raise PermissionDenied(SECRET_DETAIL)


def suspicious(request):
    raise SuspiciousOperation(SECRET_DETAIL)


urlpatterns = [
    path("test-errors/500/", fails),
    path("test-errors/403/", refuses),
    path("test-errors/400/", suspicious),
    *urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
