from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AuditEvent, Invitation, Member, SignInLink


@admin.register(Member)
class MemberAdmin(UserAdmin):
    list_display = ["username", "display_name", "is_staff", "is_active", "ziti_identity"]
    fieldsets = UserAdmin.fieldsets + (("Family", {"fields": ["display_name", "ziti_identity"]}),)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["invited_name", "as_admin", "created_at", "expires_at", "used_at", "revoked_at"]


admin.site.register(SignInLink)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "summary"]
    list_filter = ["action"]
    search_fields = ["summary"]
