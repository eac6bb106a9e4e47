from django.contrib import admin
from django.db import models

from .models import (
    ConditionReport,
    Loan,
    Photo,
    QueueEntry,
    Tool,
    TrustedBorrower,
    WantedAnswer,
    WantedTool,
)


class PhotoInline(admin.TabularInline):
    model = Photo
    fields = ["image", "report", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Tool)
class ToolAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "category", "condition", "lendable", "archived_at"]
    list_filter = ["category", "condition", "lendable", "auto_approve"]
    search_fields = ["name", "description", "owner__display_name"]
    inlines = [PhotoInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ConditionReportInline(admin.StackedInline):
    model = ConditionReport
    extra = 0


@admin.register(Loan)
class LoanAdmin(admin.ModelAdmin):
    list_display = ["tool", "borrower", "start", "end", "status"]
    list_filter = ["status"]
    search_fields = ["tool__name", "borrower__display_name"]
    date_hierarchy = "start"
    inlines = [ConditionReportInline]


@admin.register(QueueEntry)
class QueueEntryAdmin(admin.ModelAdmin):
    list_display = ["tool", "member", "joined_at", "claim_until", "closed_at"]


@admin.register(TrustedBorrower)
class TrustedBorrowerAdmin(admin.ModelAdmin):
    list_display = ["owner", "borrower"]


class WantedAnswerInline(admin.TabularInline):
    model = WantedAnswer
    extra = 0


@admin.register(WantedTool)
class WantedToolAdmin(admin.ModelAdmin):
    list_display = ["what", "asker", "asked_at", "solved_at"]
    inlines = [WantedAnswerInline]
