from django.contrib import admin

from .models import Indicator, IndicatorReturn, PerformanceReport


class IndicatorReturnInline(admin.TabularInline):
    model = IndicatorReturn
    extra = 0
    fields = ("period", "value", "fytd_reported", "london_change_pct", "rag_override", "status")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("reference", "name", "owning_subgroup", "target_type", "in_development")
    list_filter = ("board", "owning_subgroup", "target_type", "in_development")
    search_fields = ("reference", "name")
    inlines = [IndicatorReturnInline]


@admin.register(IndicatorReturn)
class IndicatorReturnAdmin(admin.ModelAdmin):
    list_display = ("indicator", "period", "value", "fytd_reported", "rag_override", "status")
    list_filter = ("indicator__board", "status")


@admin.register(PerformanceReport)
class PerformanceReportAdmin(admin.ModelAdmin):
    list_display = ("title", "board", "as_at", "agenda_item")
