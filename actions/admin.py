from django.contrib import admin

from .models import Action, ActionUpdate


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    readonly_fields = ("created_at",)


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("number", "board", "description", "target_date", "rag_status", "status")
    list_filter = ("board", "rag_status", "status")
    search_fields = ("description", "lead_body")
    filter_horizontal = ("lead_people",)
    inlines = [ActionUpdateInline]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(admin.ModelAdmin):
    list_display = ("action", "created_at", "rag_before", "rag_after")
