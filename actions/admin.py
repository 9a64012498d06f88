from django.contrib import admin

from csp_portal.admin_audit import AuditedModelAdmin

from .models import Action, ActionUpdate


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    readonly_fields = ("created_at",)


@admin.register(Action)
class ActionAdmin(AuditedModelAdmin):
    list_display = ("number", "board", "description", "target_date", "rag_status", "status")
    list_filter = ("board", "rag_status", "status")
    search_fields = ("description", "lead_body")
    filter_horizontal = ("lead_people",)
    inlines = [ActionUpdateInline]
    # Set when the action is raised: it keeps a restricted item's actions out of public packs.
    readonly_fields = ("exempt_paragraph",)


@admin.register(ActionUpdate)
class ActionUpdateAdmin(AuditedModelAdmin):
    list_display = ("action", "created_at", "rag_before", "rag_after")
