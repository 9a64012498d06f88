"""The admin writes the audit trail like the services do (pretix: every state change writes
an audit entry), and never changes the trail itself."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import admin
from django.db import models

from .audit import audit_entry_create


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (dt.date, dt.datetime, dt.time, Decimal)):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (models.QuerySet, list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every addition, change and deletion writes an AuditEntry
    (action ``admin_add`` / ``admin_change`` / ``admin_delete``) with the admin user as
    actor; a change's ``detail`` holds ``{"changed": {field: [before, after]}}``."""

    def save_model(self, request, obj, form, change):
        if change:
            obj._admin_changes = {
                name: [_plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))]
                for name in form.changed_data
            }
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        audit_entry_create(
            obj=obj, action="admin_add", actor=request.user,
            summary=f"Added in the admin: {obj}", detail={"message": _plain(message)},
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit_entry_create(
            obj=obj, action="admin_change", actor=request.user,
            summary=f"Changed in the admin: {obj}",
            detail={"changed": getattr(obj, "_admin_changes", {}),
                    "message": _plain(message)},
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit_entry_create(
                obj=obj, action="admin_delete", actor=request.user,
                summary=f"Deleted in the admin: {obj}",
            )
        return super().log_deletions(request, queryset)

