"""Administration of every fgd model: reference data (categories) above all, and a read view of the rest."""

from django.contrib import admin

from .models import (
    Aspiration,
    AspirationCategory,
    AspirationStatusChange,
    Attachment,
    FgdSession,
    Invitation,
    SessionEvent,
)


@admin.register(AspirationCategory)
class AspirationCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_id", "name_en", "order"]
    list_editable = ["order"]
    search_fields = ["code", "name_id", "name_en"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ["stakeholder"]
    fields = ["stakeholder", "response", "attendance", "represented_by", "is_walk_in"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "description", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class SessionEventInline(admin.TabularInline):
    model = SessionEvent
    extra = 0
    fields = ["action", "note", "actor", "created_at"]
    readonly_fields = fields


@admin.register(FgdSession)
class FgdSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "venue", "region", "status", "public_code"]
    list_filter = ["status", "region"]
    search_fields = ["title", "theme", "venue", "public_code"]
    date_hierarchy = "starts_at"
    readonly_fields = ["minutes_finalised_at", "minutes_finalised_by", "created_by", "created_at", "updated_at"]
    inlines = [InvitationInline, AttachmentInline, SessionEventInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["stakeholder", "session", "response", "attendance", "is_walk_in"]
    list_filter = ["response", "attendance", "is_walk_in", "session"]
    search_fields = ["stakeholder__name", "session__title", "represented_by"]
    raw_id_fields = ["stakeholder"]
    list_select_related = ["stakeholder", "session"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "session", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "description", "session__title"]
    readonly_fields = ["file", "content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(SessionEvent)
class SessionEventAdmin(admin.ModelAdmin):
    list_display = ["session", "action", "actor", "created_at"]
    list_filter = ["action"]
    readonly_fields = ["session", "action", "note", "actor", "created_at"]


class StatusChangeInline(admin.TabularInline):
    model = AspirationStatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by", "public_text", "private_note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        # Status changes go through the workflow service, which checks the transition.
        return False


@admin.register(Aspiration)
class AspirationAdmin(admin.ModelAdmin):
    list_display = ["tracking_code", "title", "status", "category", "source", "created_at"]
    list_filter = ["status", "category", "source", "pillar"]
    search_fields = ["tracking_code", "title", "description"]
    list_select_related = ["category"]
    # The status and the duplicate link change only through the workflow (history is kept there).
    readonly_fields = ["tracking_code", "status", "merged_into", "created_by", "created_at", "updated_at"]
    raw_id_fields = ["session", "stakeholder", "organization", "region"]
    inlines = [StatusChangeInline]


@admin.register(AspirationStatusChange)
class AspirationStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["aspiration", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    list_select_related = ["aspiration", "changed_by"]
    readonly_fields = [
        "aspiration",
        "from_status",
        "to_status",
        "changed_by",
        "changed_at",
        "public_note",
        "note_kind",
        "note_data",
        "public_text",
        "private_note",
    ]

    def has_add_permission(self, request) -> bool:
        return False
