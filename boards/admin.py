"""The admin follows the services' rules: a confirmed meeting's record and published papers
are read-only here, a meeting's state changes only through the services, deletes that would
take fixed records with them are refused, and every change writes an audit entry."""

from django.contrib import admin

from csp_portal.admin_audit import AuditedModelAdmin

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
    SupplementaryAgenda,
)
from .models.meetings import record_is_fixed

FIXED_MESSAGE = "part of a confirmed or published record, which the admin cannot change"


def _fixed(obj) -> bool:
    return obj is not None and obj.pk is not None and record_is_fixed(obj)


class FixedRecordAdmin(AuditedModelAdmin):
    """Read-only, and never deleted, once the object is part of a fixed record
    (boards.models.meetings.record_is_fixed); a delete of something a fixed record hangs on
    is refused by PROTECT_FIXED, which the admin shows as its "protected objects" page."""

    def has_change_permission(self, request, obj=None):
        return not _fixed(obj) and super().has_change_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms, protected = super().get_deleted_objects(objs, request)
        fixed = [f"{obj} ({FIXED_MESSAGE})" for obj in objs if _fixed(obj)]
        return deleted, counts, perms, [*fixed, *protected]


class FixedParentInline:
    """An inline that is read-only (no add, change or delete) when its parent, or the
    parent's meeting, is part of a fixed record."""

    def _parent_fixed(self, obj) -> bool:
        if obj is None or obj.pk is None:
            return False
        if isinstance(obj, Meeting):
            return obj.status == Meeting.Status.MINUTES_CONFIRMED
        return record_is_fixed(obj)

    def has_add_permission(self, request, obj=None):
        return not self._parent_fixed(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._parent_fixed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._parent_fixed(obj) and super().has_delete_permission(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ("name", "short_name", "responsible_authority")
    list_filter = ("responsible_authority",)
    search_fields = ("name", "short_name")


@admin.register(BoardKind)
class BoardKindAdmin(AuditedModelAdmin):
    list_display = ("name", "slug", "position")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ("name", "post_title", "organisation", "email")
    search_fields = ("name", "post_title", "email")
    list_filter = ("organisation",)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "board"
    extra = 0
    autocomplete_fields = ("person", "organisation", "deputy")


@admin.register(Board)
class BoardAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "parent")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ("person", "organisation", "board", "role", "start_date", "end_date")
    list_filter = ("board", "role")
    autocomplete_fields = ("person", "organisation", "deputy")


class AttendanceInline(FixedParentInline, admin.TabularInline):
    model = Attendance
    fk_name = "meeting"
    extra = 0
    autocomplete_fields = ("person", "substituting_for")


class AgendaItemInline(FixedParentInline, admin.TabularInline):
    model = AgendaItem
    fk_name = "meeting"
    extra = 0
    fields = ("parent", "position", "title", "presenter", "purpose", "is_verbal",
              "is_restricted", "exempt_paragraph", "pack_content")


@admin.register(Meeting)
class MeetingAdmin(FixedRecordAdmin):
    """A meeting's state (published, held, minutes confirmed) changes only through the
    services, so its lock cannot be reopened here; a confirmed meeting is read-only."""

    list_display = ("__str__", "board", "start", "status", "publication_date")
    list_filter = ("board", "status")
    date_hierarchy = "start"
    inlines = [AgendaItemInline, AttendanceInline]
    readonly_fields = ("status", "published_at", "published_by", "publication_date",
                       "minutes_confirmed_at", "minutes_confirmed_by",
                       "minutes_confirmed_at_meeting")


class PaperInline(FixedParentInline, admin.StackedInline):
    model = Paper
    extra = 0

    def _parent_fixed(self, obj) -> bool:
        # Papers under an item of a published agenda go through the paper page.
        return obj is not None and obj.pk is not None and (
            obj.meeting.status != Meeting.Status.PLANNED)


class MinuteInline(FixedParentInline, admin.StackedInline):
    model = Minute
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(FixedRecordAdmin):
    list_display = ("__str__", "meeting", "presenter", "is_restricted")
    list_filter = ("meeting__board", "is_restricted")
    search_fields = ("title",)
    inlines = [PaperInline, MinuteInline]


class PaperSectionInline(FixedParentInline, admin.StackedInline):
    model = PaperSection
    extra = 0


@admin.register(Paper)
class PaperAdmin(FixedRecordAdmin):
    """A published paper is read-only: it changes through the paper page, with a reason,
    as a correction or in a supplement."""

    list_display = ("title", "agenda_item", "security", "exempt_paragraph")
    list_filter = ("security",)
    search_fields = ("title",)
    inlines = [PaperSectionInline]


@admin.register(Minute)
class MinuteAdmin(FixedRecordAdmin):
    list_display = ("agenda_item", "updated_at")


@admin.register(DeclarationOfInterest)
class DeclarationOfInterestAdmin(FixedRecordAdmin):
    list_display = ("person", "agenda_item", "kind")


@admin.register(Attendance)
class AttendanceAdmin(FixedRecordAdmin):
    list_display = ("person", "meeting", "status", "substituting_for")
    list_filter = ("status", "meeting__board")


@admin.register(ForwardPlanItem)
class ForwardPlanItemAdmin(AuditedModelAdmin):
    list_display = ("title", "board", "meeting", "presenter", "reason", "status")
    list_filter = ("board", "reason", "status")


@admin.register(PackRender)
class PackRenderAdmin(AuditedModelAdmin):
    list_display = ("meeting", "edition", "status", "queued_at", "finished_at", "page_count")
    list_filter = ("edition", "status")
    readonly_fields = [f.name for f in PackRender._meta.fields]


@admin.register(SupplementaryAgenda)
class SupplementaryAgendaAdmin(AuditedModelAdmin):
    """Supplements are opened and published through the paper and publish pages."""

    list_display = ("meeting", "number", "published_at")
    readonly_fields = [f.name for f in SupplementaryAgenda._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.published_at is None
