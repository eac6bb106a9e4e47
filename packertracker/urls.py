from django.urls import path

from toolpool.views import tool_list

app_name = "packertracker"

urlpatterns = [
    path("", tool_list, name="trip_list"),
]
