"""Writes for keeping a board's forward plan (DOMAIN.md: A meeting's life, 1 Forward plan).

Every write records an audit entry and raises ValidationError keyed by form
field for bad input. Turning planned items into a meeting's agenda is
boards.agenda.services.meeting_create.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import dateformat, timezone

from csp_portal.audit import audit_entry_create

from ..models import Board, ForwardPlanItem, Meeting, Purpose


def _long_date(meeting: Meeting) -> str:
    return dateformat.format(timezone.localtime(meeting.start), "j F Y")


@dataclass(frozen=True)
class ForwardPlanItemInput:
    """A forward plan row as the clerk enters it (DOMAIN.md: Forward plan).

    ``reason`` is a Purpose value, ``section`` a ForwardPlanItem.Section value and
    ``status`` a ForwardPlanItem.Status value; each may be blank. ``is_break`` marks a
    break in the meeting (printed as a "Break" row, never an agenda item).
    """

    meeting: Meeting
    title: str
    section: str = ""
    presenter: str = ""
    reason: str = ""
    comments: str = ""
    status: str = ""
    is_standing: bool = False
    is_break: bool = False


def _forward_plan_values(board: Board, data: ForwardPlanItemInput) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if data.meeting.board_id != board.pk:
        errors["meeting"] = "Select one of this board's meetings."
    if not data.title.strip():
        errors["title"] = "Enter the report title."
    if data.reason and data.reason not in Purpose.values:
        errors["reason"] = "Select the reason the item comes to the board."
    if data.section not in ForwardPlanItem.Section.values + [""]:
        errors["section"] = "Select the section of the agenda."
    if data.status not in ForwardPlanItem.Status.values:
        errors["status"] = "Select the item's status."
    if errors:
        raise ValidationError(errors)
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values["title"] = data.title.strip()
    return values


def _next_plan_position(meeting: Meeting) -> int:
    last = ForwardPlanItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))
    return (last["last"] or 0) + 1


def forward_plan_item_create(
    *, board: Board, data: ForwardPlanItemInput, actor: Any
) -> ForwardPlanItem:
    """Add an item to ``board``'s forward plan, last among its meeting's planned items.

    Raises ValidationError (keyed by field) for a meeting of another board, a
    blank title or an unknown choice.
    """
    values = _forward_plan_values(board, data)
    with transaction.atomic():
        item = ForwardPlanItem.objects.create(
            board=board, position=_next_plan_position(data.meeting), **values
        )
        audit_entry_create(
            obj=item, action="forward_plan_item.created", actor=actor,
            summary=f"Planned {item.title} for {_long_date(data.meeting)}"[:255],
            detail={"meeting": data.meeting.pk, "title": item.title},
        )
    return item


def forward_plan_item_update(
    *, forward_plan_item: ForwardPlanItem, data: ForwardPlanItemInput, actor: Any
) -> ForwardPlanItem:
    """Change a forward plan item; moved to another meeting, it goes last in that meeting's list.

    Raises ValidationError as forward_plan_item_create does.
    """
    item = forward_plan_item
    values = _forward_plan_values(item.board, data)
    before = {name: getattr(item, name) for name in values if name != "meeting"}
    before["meeting"] = item.meeting_id
    with transaction.atomic():
        if data.meeting.pk != item.meeting_id:
            item.position = _next_plan_position(data.meeting)
        for name, value in values.items():
            setattr(item, name, value)
        item.save()
        after = {name: getattr(item, name) for name in values if name != "meeting"}
        after["meeting"] = item.meeting_id
        audit_entry_create(
            obj=item, action="forward_plan_item.updated", actor=actor,
            summary=f"Changed forward plan item {item.title}"[:255],
            detail={"changed": {k: [before[k], after[k]] for k in after if before[k] != after[k]}},
        )
    return item


def forward_plan_item_delete(*, forward_plan_item: ForwardPlanItem, actor: Any) -> None:
    """Remove an item from the forward plan (its meeting's agenda items are left alone)."""
    item = forward_plan_item
    with transaction.atomic():
        audit_entry_create(
            obj=item, action="forward_plan_item.deleted", actor=actor,
            summary=f"Removed {item.title} from the forward plan"[:255],
            detail={"meeting": item.meeting_id, "title": item.title, "board": item.board_id},
        )
        item.delete()
