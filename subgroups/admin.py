from django.contrib import admin

from .models import SubgroupReport


@admin.register(SubgroupReport)
class SubgroupReportAdmin(admin.ModelAdmin):
    list_display = ("display_title", "subgroup", "meeting", "status", "security")
    list_filter = ("status", "security", "subgroup")
