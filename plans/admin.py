from django.contrib import admin

from .models import Plan, PlanVersion, Priority


class PlanVersionInline(admin.TabularInline):
    model = PlanVersion
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "board", "period_start", "period_end", "status")
    list_filter = ("status",)
    inlines = [PlanVersionInline]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "plan", "parent")
    list_filter = ("plan",)
    search_fields = ("code", "title")
