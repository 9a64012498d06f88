from django.contrib import admin

from .admin_audit import AuditedModelAdmin
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, to read: nobody adds, changes or deletes an entry here."""

    list_display = ("created_at", "actor", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("summary", "object_id")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _audit_registered_admins() -> None:
    """Every model admin registered so far (Django's users and groups, and the apps listed
    before this one: sign-in throttling, two-factor devices) is registered again with
    AuditedModelAdmin mixed in, so that its changes write the audit trail too. The
    project's own admins, registered later, use AuditedModelAdmin directly."""
    for model, model_admin in list(admin.site._registry.items()):
        if isinstance(model_admin, AuditedModelAdmin) or model is AuditEntry:
            continue
        audited = type(f"Audited{type(model_admin).__name__}",
                       (AuditedModelAdmin, type(model_admin)), {})
        admin.site.unregister(model)
        admin.site.register(model, audited)


_audit_registered_admins()
