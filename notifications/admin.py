from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "text", "read_at", "mail"]
    list_filter = ["kind", "mail"]
    search_fields = ["text", "recipient__username", "recipient__display_name"]
