"""Reads for the clerk's meeting, agenda and forward plan pages.

The agenda editor is for the clerk, a board member, so it reads restricted
items in full. The forward plan page is public: it prints what the public
agenda pack prints under "Forward Plan" (see forward_plan_groups).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..models import (
    AgendaItem,
    Board,
    ForwardPlanItem,
    Meeting,
    Membership,
    Person,
    agenda_tree,
)
from ..selectors import TableRows, meeting_is_visible

# --- The agenda editor ------------------------------------------------------------------------


@dataclass
class AgendaRow:
    """One item or sub-item of the agenda editor, in agenda order.

    ``starts_at`` is the local time the item is due to start: the meeting's
    start plus the time allowed for everything before it. ``can_move_up`` /
    ``can_move_down`` say whether it has a sibling above / below it.
    """

    item: AgendaItem
    label: str
    is_sub_item: bool
    starts_at: dt.datetime
    paper_count: int
    can_move_up: bool
    can_move_down: bool
    sub_items: list[AgendaRow] = field(default_factory=list)


@dataclass
class AgendaPlan:
    """The meeting's agenda for editing: ``rows`` (items, each with its ``sub_items``),
    the ``total_minutes`` allowed and the local time the agenda is due to ``finish``."""

    rows: list[AgendaRow]
    total_minutes: int
    finish: dt.datetime


def _item_minutes(item: AgendaItem, subs: list[AgendaItem]) -> int:
    """An item's own time allowed, or failing that its sub-items' added up."""
    if item.minutes_allowed:
        return item.minutes_allowed
    return sum(s.minutes_allowed or 0 for s in subs)


def meeting_agenda_plan(*, meeting: Meeting) -> AgendaPlan:
    """Every item and sub-item of ``meeting`` by position, with cumulative start times.

    An item with no time allowed takes none (the next item starts with it); an
    item with no time of its own but timed sub-items takes theirs. One query,
    whatever the number of items.
    """
    items = list(
        meeting.agenda_items.select_related("presenter_person")
        .annotate(paper_count=Count("papers"))
        .order_by("position", "id")
    )
    tree = agenda_tree(items)
    clock = timezone.localtime(meeting.start)
    rows = []
    for index, (item, subs) in enumerate(tree):
        row = AgendaRow(
            item=item, label=item.label, is_sub_item=False, starts_at=clock,
            paper_count=item.paper_count, can_move_up=index > 0,
            can_move_down=index < len(tree) - 1,
        )
        sub_clock = clock
        for sub_index, sub in enumerate(subs):
            sub.parent = item  # spares a query for full_label
            row.sub_items.append(AgendaRow(
                item=sub, label=f"{item.label}{sub.label}", is_sub_item=True,
                starts_at=sub_clock, paper_count=sub.paper_count,
                can_move_up=sub_index > 0, can_move_down=sub_index < len(subs) - 1,
            ))
            sub_clock += dt.timedelta(minutes=sub.minutes_allowed or 0)
        clock += dt.timedelta(minutes=_item_minutes(item, subs))
        rows.append(row)
    total = int((clock - timezone.localtime(meeting.start)).total_seconds() // 60)
    return AgendaPlan(rows=rows, total_minutes=total, finish=clock)


def agenda_item_get(*, meeting: Meeting, pk: int) -> AgendaItem:
    """Item ``pk`` of ``meeting`` (with its parent and meeting); raises Http404 if it has none."""
    item = (
        AgendaItem.objects.select_related("parent", "meeting__board", "presenter_person")
        .filter(meeting=meeting, pk=pk)
        .first()
    )
    if item is None:
        raise Http404("No such agenda item.")
    return item


# --- Choices for the forms --------------------------------------------------------------------


def people_for_presenter() -> QuerySet[Person]:
    """Everyone the portal knows, by name: presenters come from any agency."""
    return Person.objects.order_by("name")


def board_people(*, board: Board, on: dt.date | None = None) -> QuerySet[Person]:
    """People with a membership of ``board`` current ``on`` (default today), by name."""
    on = on or timezone.localdate()
    current = Membership.objects.current_on(on).filter(board=board)
    return Person.objects.filter(
        Q(pk__in=current.values("person_id")) | Q(pk__in=current.values("deputy_id"))
    ).order_by("name")


def board_default_people(*, board: Board) -> dict[str, Person | None]:
    """Who usually fills a new meeting's roles: {"chaired_by", "contact_officer",
    "minute_taker"} from the board's current chair, clerk and minute taker (None if none)."""
    roles = {
        "chaired_by": Membership.Role.CHAIR,
        "contact_officer": Membership.Role.CLERK,
        "minute_taker": Membership.Role.MINUTE_TAKER,
    }
    memberships = (
        Membership.objects.current_on(timezone.localdate())
        .filter(board=board, role__in=roles.values(), person__isnull=False)
        .select_related("person")
        .order_by("start_date", "pk")
    )
    by_role = {}
    for membership in memberships:
        by_role.setdefault(membership.role, membership.person)
    return {name: by_role.get(role) for name, role in roles.items()}


def meeting_forward_plan_choices(*, board: Board) -> list[ForwardPlanItem]:
    """The board's forward plan items a new meeting may take: those of meetings still
    planned (agenda not yet published), withdrawn ones and breaks left out; by meeting
    date, then position."""
    return list(
        ForwardPlanItem.objects.filter(board=board, meeting__status=Meeting.Status.PLANNED)
        .exclude(status=ForwardPlanItem.Status.WITHDRAWN)
        .exclude(is_break=True)
        .select_related("meeting")
        .order_by("meeting__start", "position", "id")
    )


def _plan_meetings(board: Board, now: dt.datetime) -> QuerySet[Meeting]:
    return board.meetings.filter(Q(start__gte=now) | Q(status=Meeting.Status.PLANNED))


def forward_plan_meeting_choices(
    *, board: Board, include: Meeting | None = None, now: dt.datetime | None = None
) -> QuerySet[Meeting]:
    """Meetings a forward plan item may be planned for: the board's future meetings and
    those still planned, soonest first; plus ``include`` (an item's current meeting)."""
    now = now or timezone.now()
    condition = Q(start__gte=now) | Q(status=Meeting.Status.PLANNED)
    if include is not None:
        condition |= Q(pk=include.pk)
    return board.meetings.filter(condition).order_by("start")


def forward_plan_item_get(*, board: Board, pk: int) -> ForwardPlanItem:
    """Forward plan item ``pk`` of ``board`` with its meeting; raises Http404 if it has none."""
    item = ForwardPlanItem.objects.select_related("meeting", "board").filter(
        board=board, pk=pk
    ).first()
    if item is None:
        raise Http404("No such forward plan item.")
    return item


# --- The forward plan page --------------------------------------------------------------------


@dataclass
class ForwardPlanGroup:
    """One meeting of the forward plan and its planned items, in position order.

    ``meeting_visible`` says whether the viewer may open the meeting's page.
    """

    meeting: Meeting
    items: list[ForwardPlanItem]
    meeting_visible: bool
    table: TableRows | None = None


def forward_plan_groups(
    *, board: Board, is_member: bool, now: dt.datetime | None = None
) -> list[ForwardPlanGroup]:
    """The board's forward plan: its future meetings and meetings still planned, soonest
    first, each with its planned items.

    The forward plan is public: the public agenda pack prints it in full
    (DOMAIN.md: Forward plan), and forward plan items carry no restriction, so
    everyone sees each planned meeting's date, publication date and items. Only
    members also see meetings with nothing planned yet, and only a visible
    meeting (boards.selectors.meeting_is_visible) links to its page. Two
    queries, whatever the number of meetings and items.
    """
    now = now or timezone.now()
    meetings = list(_plan_meetings(board, now).order_by("start"))
    items = ForwardPlanItem.objects.filter(meeting__in=[m.pk for m in meetings]).order_by(
        "position", "id"
    )
    by_meeting: dict[int, list[ForwardPlanItem]] = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    groups = []
    for meeting in meetings:
        planned = by_meeting.get(meeting.pk, [])
        if planned or is_member:
            groups.append(ForwardPlanGroup(
                meeting=meeting, items=planned,
                meeting_visible=meeting_is_visible(meeting=meeting, is_member=is_member),
            ))
    return groups


def forward_plan_table(*, group: ForwardPlanGroup, board: Board, can_edit: bool) -> TableRows:
    """``group``'s items as a table in the shapes ``{% govuk_table %}`` takes.

    Columns: Report title (a row header, "Standing item" added under it), Section,
    Presenter, Reason, Comments, Item status; and for the clerk (``can_edit``)
    Change and Remove links naming the item for screen readers.
    """
    head = ["Report title", "Section", "Presenter", "Reason", "Comments", "Item status"]
    if can_edit:
        head.append(mark_safe('<span class="govuk-visually-hidden">Actions</span>'))
    rows = []
    for item in group.items:
        title = item.title
        if item.is_standing:
            title = format_html('{}<br><span class="govuk-body-s">Standing item</span>', title)
        row = [title, item.get_section_display(), item.presenter, item.get_reason_display(),
               item.comments, item.get_status_display()]
        if can_edit:
            edit = reverse("boards:forward_plan_item_edit", args=[board.slug, item.pk])
            delete = reverse("boards:forward_plan_item_delete", args=[board.slug, item.pk])
            row.append({"classes": "csp-nowrap", "text": format_html(
                '<a class="govuk-link" href="{}">Change<span class="govuk-visually-hidden"> {}'
                '</span></a> <a class="govuk-link" href="{}">Remove<span '
                'class="govuk-visually-hidden"> {}</span></a>', edit, item.title, delete,
                item.title)})
        rows.append(row)
    return TableRows(head=head, rows=rows)
