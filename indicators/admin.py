from django.contrib import admin

from csp_portal.admin_audit import AuditedModelAdmin

from .models import Indicator, IndicatorReturn, PerformanceReport


class IndicatorReturnInline(admin.TabularInline):
    model = IndicatorReturn
    extra = 0
    fields = ("period", "value", "fytd_reported", "london_change_pct", "rag_override", "status")


@admin.register(Indicator)
class IndicatorAdmin(AuditedModelAdmin):
    list_display = ("reference", "name", "owning_subgroup", "target_type", "in_development")
    list_filter = ("board", "owning_subgroup", "target_type", "in_development")
    search_fields = ("reference", "name")
    inlines = [IndicatorReturnInline]


@admin.register(IndicatorReturn)
class IndicatorReturnAdmin(AuditedModelAdmin):
    list_display = ("indicator", "period", "value", "fytd_reported", "rag_override", "status")
    list_filter = ("indicator__board", "status")


@admin.register(PerformanceReport)
class PerformanceReportAdmin(AuditedModelAdmin):
    list_display = ("title", "board", "as_at", "agenda_item")
