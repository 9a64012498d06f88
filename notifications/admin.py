from django.contrib import admin

from csp_portal.admin_audit import AuditedModelAdmin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(AuditedModelAdmin):
    """The record of every email: read-only, as it says what was sent (a delete is audited)."""

    list_display = ("created_at", "kind", "to", "subject", "status", "sent_at")
    list_filter = ("kind", "status")
    search_fields = ("to", "subject", "event_key")
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Preference)
class PreferenceAdmin(AuditedModelAdmin):
    """A person's email preference; every change is audited."""

    list_display = ("person", "frequency", "updated_at")
    list_filter = ("frequency",)
    search_fields = ("person__name", "person__email")
    autocomplete_fields = ("person",)
