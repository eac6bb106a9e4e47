from django.contrib import admin
from django.urls import include, path

from . import views
from .calendar_feed import calendar_feed

admin.site.site_header = "family_tools admin"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("members.urls")),
    path("trips/", include("packertracker.urls")),
    path("inbox/", include("notifications.urls")),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("", views.home, name="home"),
    path("", include("toolpool.urls")),
]

handler400 = "family_tools.views.bad_request"
handler403 = "family_tools.views.permission_denied"
handler404 = "family_tools.views.page_not_found"
handler500 = "family_tools.views.server_error"
