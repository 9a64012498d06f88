from django.contrib import admin

from csp_portal.admin_audit import AuditedModelAdmin

from .models import Plan, PlanVersion, Priority


class PlanVersionInline(admin.TabularInline):
    model = PlanVersion
    extra = 0


@admin.register(Plan)
class PlanAdmin(AuditedModelAdmin):
    list_display = ("title", "board", "period_start", "period_end", "status")
    list_filter = ("status",)
    inlines = [PlanVersionInline]


@admin.register(Priority)
class PriorityAdmin(AuditedModelAdmin):
    list_display = ("code", "title", "plan", "parent")
    list_filter = ("plan",)
    search_fields = ("code", "title")
