from django.contrib import admin

from .models import Message, Notification, Preference


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "subject", "status", "attempts"]
    list_filter = ["status", "channel"]
    search_fields = ["recipient", "idempotency_key", "topic"]
    readonly_fields = [f.name for f in Message._meta.fields]


admin.site.register(Notification)
admin.site.register(Preference)
