from django.contrib import admin

from .models import GearItem, GroupNeed, Kit, MissingItem, Trip, TripItem


class GroupNeedInline(admin.TabularInline):
    model = GroupNeed
    extra = 0


@admin.register(Trip)
class TripAdmin(admin.ModelAdmin):
    list_display = ["name", "organizer", "start_date", "end_date", "is_shared", "is_template"]
    list_filter = ["is_shared", "is_template", "season"]
    search_fields = ["name", "place"]
    filter_horizontal = ["participants"]
    raw_id_fields = ["organizer", "based_on"]
    inlines = [GroupNeedInline]


@admin.register(TripItem)
class TripItemAdmin(admin.ModelAdmin):
    list_display = ["name", "trip", "member", "category", "quantity", "weight_grams", "packed"]
    list_filter = ["packed", "review", "worn", "consumable"]
    search_fields = ["name", "trip__name"]
    raw_id_fields = ["trip", "member", "gear", "group_need"]


@admin.register(GearItem)
class GearItemAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "category", "weight_grams", "quantity"]
    search_fields = ["name"]
    raw_id_fields = ["owner"]


@admin.register(Kit)
class KitAdmin(admin.ModelAdmin):
    list_display = ["name", "owner"]
    raw_id_fields = ["owner"]
    filter_horizontal = ["items"]


@admin.register(MissingItem)
class MissingItemAdmin(admin.ModelAdmin):
    list_display = ["name", "trip", "member"]
    raw_id_fields = ["trip", "member"]
