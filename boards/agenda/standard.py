"""A board's standard agenda, and pulling forward plan items into a meeting's agenda.

DOMAIN.md: A meeting's life (1 Forward plan, 2 Agenda). Most boards open every
meeting the same way (apologies, declarations of interest, the minutes of the
last meeting and the action log) and close it the same way (any other
business, date of next meeting). A board keeps that as its standard agenda
(Board.standard_agenda: ``{"opening": [titles], "closing": [titles]}``) and
every new meeting starts with it. A standard item whose title speaks of the
minutes carries the previous minutes and action log in the pack; one that
speaks of the forward plan carries the forward plan (AgendaItem.pack_content).
"""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from csp_portal.audit import audit_entry_create

from ..models import AgendaItem, Board, ForwardPlanItem, Meeting, Purpose

SUGGESTED_STANDARD_AGENDA = {
    "opening": [
        "Welcome, introductions and apologies for absence",
        "Declarations of interest",
        "Minutes of the last meeting and action log",
    ],
    "closing": ["Any other business", "Date of next meeting"],
}
"""Offered to a board that has no standard agenda yet (the seed's board packs open and close
this way)."""

MAX_STANDARD_ITEMS = 12


def standard_agenda_of(board: Board) -> dict[str, list[str]]:
    """``{"opening": [...], "closing": [...]}`` of ``board`` (empty lists when unset)."""
    saved = board.standard_agenda if isinstance(board.standard_agenda, dict) else {}
    return {part: [str(t) for t in saved.get(part, [])] for part in ("opening", "closing")}


def standard_pack_content(title: str) -> str:
    """The AgendaItem.pack_content a standard item's title implies ("" for papers only)."""
    lowered = title.lower()
    if "minutes" in lowered:
        return AgendaItem.PackContent.MINUTES_AND_ACTION_LOG
    if "forward plan" in lowered:
        return AgendaItem.PackContent.FORWARD_PLAN
    return AgendaItem.PackContent.NONE


def board_standard_agenda_set(
    *, board: Board, opening: list[str], closing: list[str], actor: Any
) -> Board:
    """Keep ``opening`` and ``closing`` (titles, blanks dropped) as ``board``'s standard agenda.

    Raises ValidationError keyed "opening"/"closing" for a title over 300
    characters or more than MAX_STANDARD_ITEMS items. Writes an audit entry.
    """
    cleaned, errors = {}, {}
    for part, titles in (("opening", opening), ("closing", closing)):
        kept = [t.strip() for t in titles if t.strip()]
        if len(kept) > MAX_STANDARD_ITEMS:
            errors[part] = f"Keep to {MAX_STANDARD_ITEMS} items or fewer."
        elif any(len(t) > 300 for t in kept):
            errors[part] = "Keep each title to 300 characters or fewer."
        cleaned[part] = kept
    if errors:
        raise ValidationError(errors)
    before = standard_agenda_of(board)
    with transaction.atomic():
        board.standard_agenda = cleaned
        board.save(update_fields=["standard_agenda"])
        audit_entry_create(
            obj=board, action="board.standard_agenda_set", actor=actor,
            summary=f"Set the standard agenda of {board.name}"[:255],
            detail={"before": before, "after": cleaned},
        )
    return board


def standard_items_create(meeting: Meeting, part: str, first_position: int) -> list[AgendaItem]:
    """Create the board's standard ``part`` ("opening"/"closing") items on ``meeting``'s
    agenda, numbered from ``first_position``. Called inside the creating transaction."""
    titles = standard_agenda_of(meeting.board)[part]
    return [
        AgendaItem.objects.create(
            meeting=meeting, position=first_position + offset, title=title,
            is_standing=True, pack_content=standard_pack_content(title),
        )
        for offset, title in enumerate(titles)
    ]


def forward_plan_pull_choices(*, meeting: Meeting) -> list[ForwardPlanItem]:
    """Forward plan items ``meeting``'s agenda may take: the board's items planned for this
    meeting or for another meeting still planned, not yet on an agenda; withdrawn items
    and breaks left out; by meeting date, then position. One query."""
    return list(
        ForwardPlanItem.objects.filter(board_id=meeting.board_id, agenda_item__isnull=True)
        .filter(Q(meeting=meeting) | Q(meeting__status=Meeting.Status.PLANNED))
        .exclude(status=ForwardPlanItem.Status.WITHDRAWN).exclude(is_break=True)
        .select_related("meeting").order_by("meeting__start", "position", "id")
    )


def agenda_items_from_forward_plan(
    *, meeting: Meeting, forward_plan_items: list[ForwardPlanItem], actor: Any
) -> list[AgendaItem]:
    """Add each of ``forward_plan_items`` to the end of ``meeting``'s agenda (before its
    standard closing items, when it has them), in the order given, as
    meeting_create does for a new meeting; each planned item moves to ``meeting``
    and remembers its agenda item. Writes one audit entry.

    Raises ValidationError for no items, an item that forward_plan_pull_choices
    does not offer, or a meeting whose minutes are confirmed.
    """
    if meeting.minutes_are_confirmed:
        raise ValidationError("The minutes of this meeting are confirmed, so its agenda can no "
                              "longer be changed.")
    if not forward_plan_items:
        raise ValidationError("Choose at least one planned item.")
    allowed = {fp.pk for fp in forward_plan_pull_choices(meeting=meeting)}
    if any(fp.pk not in allowed for fp in forward_plan_items):
        raise ValidationError("Choose only items of this board's forward plan that are not yet "
                              "on an agenda.")
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        closing = set(standard_agenda_of(meeting.board)["closing"])
        tops = list(AgendaItem.objects.filter(meeting=meeting, parent=None).order_by("position"))
        tail = []
        while tops and tops[-1].title in closing:
            tail.insert(0, tops.pop())
        last = max((i.position for i in [*tops, *tail]), default=0)
        # Move the closing items out of the way first (positions are unique among siblings).
        for offset, item in enumerate(tail, 1):
            item.position = last + len(forward_plan_items) + offset + 100
            item.save(update_fields=["position"])
        start = (tops[-1].position if tops else 0) + 1
        created = []
        for offset, fp in enumerate(forward_plan_items):
            item = AgendaItem.objects.create(
                meeting=meeting, position=start + offset, title=fp.title,
                presenter=fp.presenter, purpose=fp.reason if fp.reason in Purpose.values else "",
                is_standing=fp.is_standing,
            )
            fp.meeting, fp.agenda_item = meeting, item
            fp.save(update_fields=["meeting", "agenda_item"])
            created.append(item)
        for offset, item in enumerate(tail):
            item.position = start + len(created) + offset
            item.save(update_fields=["position"])
        audit_entry_create(
            obj=meeting, action="meeting.forward_plan_pulled", actor=actor,
            summary=f"Added {len(created)} planned item(s) to the agenda of {meeting}"[:255],
            detail={"forward_plan_items": [fp.pk for fp in forward_plan_items],
                    "agenda_items": [i.pk for i in created]},
        )
    return created


def planned_items_missing(*, meeting: Meeting) -> list[ForwardPlanItem]:
    """Items the forward plan gives ``meeting`` (not withdrawn or deferred, not breaks)
    that its agenda lacks: not linked to one of its agenda items and with no agenda item
    of the same title (ignoring case). Two queries."""
    items = dict(meeting.agenda_items.values_list("pk", "title"))
    titles = {t.strip().lower() for t in items.values()}
    planned = (
        ForwardPlanItem.objects.filter(meeting=meeting, is_break=False)
        .exclude(status__in=[ForwardPlanItem.Status.WITHDRAWN, ForwardPlanItem.Status.DEFERRED])
        .order_by("position", "id")
    )
    return [
        fp for fp in planned
        if fp.agenda_item_id not in items and fp.title.strip().lower() not in titles
    ]
