from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("summary", "object_id")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
