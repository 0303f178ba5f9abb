"""Administrators edit reference data (regions) and fix records here; staff work in the app's own screens."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Engagement, ImportJob, Organization, Region, Stakeholder


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "code", "parent", "ring"]
    list_filter = ["level", "ring"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "type", "region", "partner_status", "partner_status_year"]
    list_filter = ["type", "partner_status"]
    search_fields = ["name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


@admin.register(Stakeholder)
class StakeholderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "region", "influence", "interest", "attitude", "quadrant", "is_active"]
    list_filter = ["attitude", "quadrant", "is_local_hero", "is_key_contact", "is_active"]
    search_fields = ["name", "organization__name", "phone", "email"]
    list_select_related = ["organization", "region"]
    autocomplete_fields = ["organization", "region"]
    readonly_fields = ["quadrant", "erased_at", "erased_by", "created_at", "updated_at"]


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["stakeholder", "kind", "date", "staff"]
    list_filter = ["kind"]
    search_fields = ["stakeholder__name", "notes"]
    list_select_related = ["stakeholder", "staff"]
    autocomplete_fields = ["stakeholder"]
    date_hierarchy = "date"


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "total", "to_create", "to_update", "created_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]
