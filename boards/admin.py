from django.contrib import admin

from .models import (
    AgendaItem,
    Attendance,
    Board,
    BoardKind,
    DeclarationOfInterest,
    ForwardPlanItem,
    Meeting,
    Membership,
    Minute,
    Organisation,
    PackRender,
    Paper,
    PaperSection,
    Person,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "responsible_authority")
    list_filter = ("responsible_authority",)
    search_fields = ("name", "short_name")


@admin.register(BoardKind)
class BoardKindAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "post_title", "organisation", "email")
    search_fields = ("name", "post_title", "email")
    list_filter = ("organisation",)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "board"
    extra = 0
    autocomplete_fields = ("person", "organisation", "deputy")


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "organisation", "board", "role", "start_date", "end_date")
    list_filter = ("board", "role")
    autocomplete_fields = ("person", "organisation", "deputy")


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fk_name = "meeting"
    extra = 0
    autocomplete_fields = ("person", "substituting_for")


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fk_name = "meeting"
    extra = 0
    fields = ("parent", "position", "title", "presenter", "purpose", "is_verbal",
              "is_restricted", "exempt_paragraph", "pack_content")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "board", "start", "status", "publication_date")
    list_filter = ("board", "status")
    date_hierarchy = "start"
    inlines = [AgendaItemInline, AttendanceInline]


class PaperInline(admin.StackedInline):
    model = Paper
    extra = 0


class MinuteInline(admin.StackedInline):
    model = Minute
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ("__str__", "meeting", "presenter", "is_restricted")
    list_filter = ("meeting__board", "is_restricted")
    search_fields = ("title",)
    inlines = [PaperInline, MinuteInline]


class PaperSectionInline(admin.StackedInline):
    model = PaperSection
    extra = 0


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ("title", "agenda_item", "security", "exempt_paragraph")
    list_filter = ("security",)
    search_fields = ("title",)
    inlines = [PaperSectionInline]


@admin.register(Minute)
class MinuteAdmin(admin.ModelAdmin):
    list_display = ("agenda_item", "updated_at")


@admin.register(DeclarationOfInterest)
class DeclarationOfInterestAdmin(admin.ModelAdmin):
    list_display = ("person", "agenda_item", "kind")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("person", "meeting", "status", "substituting_for")
    list_filter = ("status", "meeting__board")


@admin.register(ForwardPlanItem)
class ForwardPlanItemAdmin(admin.ModelAdmin):
    list_display = ("title", "board", "meeting", "presenter", "reason", "status")
    list_filter = ("board", "reason", "status")


@admin.register(PackRender)
class PackRenderAdmin(admin.ModelAdmin):
    list_display = ("meeting", "edition", "status", "queued_at", "finished_at", "page_count")
    list_filter = ("edition", "status")
    readonly_fields = [f.name for f in PackRender._meta.fields]
