from django.urls import path

from . import views

app_name = "toolpool"

urlpatterns = [
    path("tools/", views.tool_list, name="tool_list"),
]
