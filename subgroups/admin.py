from django.contrib import admin

from csp_portal.admin_audit import AuditedModelAdmin

from .models import SubgroupReport


@admin.register(SubgroupReport)
class SubgroupReportAdmin(AuditedModelAdmin):
    list_display = ("display_title", "subgroup", "meeting", "status", "security")
    list_filter = ("status", "security", "subgroup")
