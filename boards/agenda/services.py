"""Writes for creating a meeting and keeping its agenda.

See DOMAIN.md: A meeting's life (1 Forward plan; 2 Notice of meeting and
agenda). A meeting starts as planned; the clerk builds its agenda from the
board's forward plan, then edits it item by item. Every write records an
audit entry. Writes raise ``django.core.exceptions.ValidationError`` (a dict
keyed by form field where one field is at fault) and never leave a half-made
change behind. The forward plan's writes are in boards.agenda.forward_plan.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import dateformat, timezone

from boards.publishing.services import paper_needs_supplement, supplement_open_get_or_create
from csp_portal.audit import audit_entry_create
from csp_portal.concurrency import version_claim

from ..models import (
    EXEMPT_PARAGRAPHS,
    AgendaItem,
    Board,
    ForwardPlanItem,
    Meeting,
    Person,
    Purpose,
)
from .standard import standard_items_create

_PARKING_OFFSET = 10_000
"""Added to sibling positions while they are renumbered, so that no two rows ever share a
position (the unique constraints are checked row by row)."""


class AgendaLocked(ValidationError):
    """The meeting's minutes are confirmed, so its agenda no longer changes (DOMAIN.md: Minutes)."""


@dataclass(frozen=True)
class AgendaItemInput:
    """What the clerk enters for an agenda item or sub-item.

    ``minutes_allowed`` is the time allowed in minutes (None when not set).
    ``exempt_paragraph`` (1–7, Schedule 12A) is required when ``is_restricted``
    and dropped when not (DOMAIN.md: Exempt information). ``number`` is the
    number as the clerk enters it ("8.3"; blank numbers the item by its place).
    ``urgency_reason`` is required for an item added after the agenda is
    published (a late item, which goes out in a supplementary agenda).
    """

    title: str
    description: str = ""
    presenter: str = ""
    presenter_person: Person | None = None
    purpose: str = ""
    minutes_allowed: int | None = None
    is_verbal: bool = False
    is_standing: bool = False
    is_restricted: bool = False
    exempt_paragraph: int | None = None
    pack_content: str = AgendaItem.PackContent.NONE
    number: str = ""
    urgency_reason: str = ""


def _long_date(when: dt.datetime) -> str:
    return dateformat.format(timezone.localtime(when), "j F Y")


def _refuse_if_locked(meeting: Meeting) -> None:
    if meeting.minutes_are_confirmed:
        raise AgendaLocked(
            "The minutes of this meeting are confirmed, so its agenda can no longer be changed.",
            code="agenda_locked",
        )


# --- Meetings ---------------------------------------------------------------------------------


def meeting_create(
    *,
    board: Board,
    start: dt.datetime,
    end: dt.datetime | None = None,
    venue: str = "",
    title: str = "",
    chaired_by: Person | None = None,
    contact_officer: Person | None = None,
    minute_taker: Person | None = None,
    forward_plan_items: list[ForwardPlanItem] | tuple = (),
    actor: Any,
) -> Meeting:
    """Create a planned meeting of ``board`` and its draft agenda from the forward plan.

    ``start`` and ``end`` are aware datetimes (``end`` may be None). Each of
    ``forward_plan_items`` (the board's, of meetings still planned) becomes an
    agenda item in the order given, numbered from 1: its title, presenter,
    purpose from the item's reason, and standing when the plan marks it so
    (DOMAIN.md: Forward plan). The forward plan item moves to the new meeting
    and remembers its agenda item. The board's standard agenda
    (boards.agenda.standard) opens and closes the new agenda.

    Raises ValidationError: {"start": ...} when the board already has a meeting
    at that start; {"end": ...} when it ends before it starts;
    {"forward_plan_items": ...} for an item of another board or of a meeting
    whose agenda is already published.
    """
    if end is not None and end <= start:
        raise ValidationError({"end": "The end time must be after the start time."})
    items = list(forward_plan_items)
    if any(
        fp.board_id != board.pk or fp.meeting.status != Meeting.Status.PLANNED for fp in items
    ):
        raise ValidationError({
            "forward_plan_items": "Choose only items planned for this board's future meetings."
        })
    taken = ValidationError({
        "start": f"{board.name} already has a meeting on {_long_date(start)} at that time."
    })
    if Meeting.objects.filter(board=board, start=start).exists():
        raise taken
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                board=board, start=start, end=end, venue=venue, title=title,
                chaired_by=chaired_by, contact_officer=contact_officer,
                minute_taker=minute_taker, status=Meeting.Status.PLANNED,
            )
            created = _agenda_from_forward_plan(meeting, items)
            audit_entry_create(
                obj=meeting, action="meeting.created", actor=actor,
                summary=f"Created the meeting of {_long_date(start)} with "
                f"{len(created)} draft agenda item(s) from the forward plan",
                detail={"board": board.slug, "start": start.isoformat(),
                        "forward_plan_items": [fp.pk for fp in items],
                        "agenda_items": [i.pk for i in created]},
            )
    except IntegrityError as exc:  # a meeting at that start saved meanwhile
        raise taken from exc
    return meeting


def _agenda_from_forward_plan(
    meeting: Meeting, items: list[ForwardPlanItem]
) -> list[AgendaItem]:
    # The board's standard opening items come first and its closing items last
    # (boards.agenda.standard); a break is a row of the plan, never an agenda item.
    created = standard_items_create(meeting, "opening", 1)
    for fp in [fp for fp in items if not fp.is_break]:
        item = AgendaItem.objects.create(
            meeting=meeting, position=len(created) + 1, title=fp.title, presenter=fp.presenter,
            purpose=fp.reason if fp.reason in Purpose.values else "",
            is_standing=fp.is_standing,
        )
        created.append(item)
        fp.meeting = meeting
        fp.position = item.position
        fp.agenda_item = item
        fp.save(update_fields=["meeting", "position", "agenda_item"])
    return created + standard_items_create(meeting, "closing", len(created) + 1)


# --- Agenda items -----------------------------------------------------------------------------


def _checked(data: AgendaItemInput) -> dict[str, Any]:
    """The model fields for ``data``; raises ValidationError keyed by field."""
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "Enter the item's title."
    if data.is_restricted and data.exempt_paragraph not in EXEMPT_PARAGRAPHS:
        errors["exempt_paragraph"] = (
            "Select the exempt paragraph (1 to 7) that makes this item restricted."
        )
    if data.purpose and data.purpose not in Purpose.values:
        errors["purpose"] = "Select why the item comes to the board."
    if data.pack_content not in AgendaItem.PackContent.values:
        errors["pack_content"] = "Select what the pack prints under this item."
    if errors:
        raise ValidationError(errors)
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values["title"] = data.title.strip()
    values["number"] = data.number.strip()
    values["urgency_reason"] = data.urgency_reason.strip()
    if not data.is_restricted:
        values["exempt_paragraph"] = None
    return values


def _audit_detail(item: AgendaItem) -> dict[str, Any]:
    return {
        "meeting": item.meeting_id, "parent": item.parent_id, "position": item.position,
        "title": item.title, "is_restricted": item.is_restricted,
        "exempt_paragraph": item.exempt_paragraph, "minutes_allowed": item.minutes_allowed,
        "number": item.number, "supplement": item.supplement.number if item.supplement else None,
        "urgency_reason": item.urgency_reason,
    }


def agenda_item_create(
    *, meeting: Meeting, parent: AgendaItem | None = None, data: AgendaItemInput, actor: Any
) -> AgendaItem:
    """Add an item at the end of ``meeting``'s agenda, or a sub-item at the end of ``parent``'s.

    Sub-items go one level deep: ``parent`` must be a top-level item of
    ``meeting``. Once the agenda is published the item is late: it joins the
    meeting's open supplementary agenda (made if need be) with its reason for
    urgency (DOMAIN.md: a late item needs a recorded reason for urgency).
    Raises AgendaLocked once the minutes are confirmed, and ValidationError
    (keyed by field) for a blank title, a restricted item without an exempt
    paragraph, or a late item without a reason for urgency.
    """
    _refuse_if_locked(meeting)
    if parent is not None and (parent.meeting_id != meeting.pk or parent.parent_id is not None):
        raise ValidationError("A sub-item belongs under a numbered item of the same meeting.")
    values = _checked(data)
    late = paper_needs_supplement(meeting=meeting)
    if not late:
        values["urgency_reason"] = ""
    with transaction.atomic():
        if late:
            values["supplement"] = supplement_open_get_or_create(
                meeting=meeting, reason=values["urgency_reason"], actor=actor)
        siblings = _siblings(meeting, parent.pk if parent else None).select_for_update()
        last = siblings.aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem.objects.create(
            meeting=meeting, parent=parent, position=last + 1, **values
        )
        audit_entry_create(
            obj=item, action="agenda_item.created", actor=actor,
            summary=f"Added agenda item {item.full_label} {item.title}"[:255],
            detail=_audit_detail(item),
        )
    return item


def agenda_item_update(
    *, agenda_item: AgendaItem, data: AgendaItemInput, actor: Any, version: int | None = None
) -> AgendaItem:
    """Change an item's details (not its place: see agenda_item_move).

    ``version`` is the item's version the editor read (csp_portal.concurrency); None
    skips the check. Raises AgendaLocked once the minutes are confirmed, EditConflict
    when someone else saved the item since ``version``, and ValidationError (keyed by
    field) as agenda_item_create does.
    """
    _refuse_if_locked(agenda_item.meeting)
    values = _checked(data)
    if agenda_item.supplement_id is None:
        values["urgency_reason"] = ""  # only a late item has a reason for urgency
    elif not values["urgency_reason"]:
        raise ValidationError({"urgency_reason": "Enter the reason for urgency"})
    before = _audit_detail(agenda_item)
    with transaction.atomic():
        version_claim(obj=agenda_item, expected_version=version)
        for name, value in values.items():
            setattr(agenda_item, name, value)
        agenda_item.save()
        after = _audit_detail(agenda_item)
        audit_entry_create(
            obj=agenda_item, action="agenda_item.updated", actor=actor,
            summary=f"Changed agenda item {agenda_item.full_label} {agenda_item.title}"[:255],
            detail={"changed": {k: [before[k], after[k]] for k in after if before[k] != after[k]}},
        )
    return agenda_item


def _siblings(meeting: Meeting, parent_id: int | None):
    if parent_id is None:
        return AgendaItem.objects.filter(meeting=meeting, parent__isnull=True)
    return AgendaItem.objects.filter(meeting=meeting, parent_id=parent_id)


def _renumber(ordered: list[AgendaItem]) -> None:
    """Give ``ordered`` (siblings) positions 1, 2, 3… in that order, without ever
    letting two of them share a position."""
    pks = [item.pk for item in ordered]
    for item in ordered:  # park each above every real position first
        AgendaItem.objects.filter(pk=item.pk).update(position=item.position + _PARKING_OFFSET)
    for position, pk in enumerate(pks, 1):
        AgendaItem.objects.filter(pk=pk).update(position=position)
    for position, item in enumerate(ordered, 1):
        item.position = position


def agenda_item_move(*, agenda_item: AgendaItem, direction: str, actor: Any) -> AgendaItem:
    """Move an item (or a sub-item among its parent's) one place "up" or "down".

    Siblings are renumbered 1, 2, 3… in one transaction (closing any gaps). At
    the top (or bottom) already, nothing changes and nothing is recorded.
    Raises ValueError for another direction, AgendaLocked once the minutes
    are confirmed. Returns the item with its new position.
    """
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    meeting = agenda_item.meeting
    _refuse_if_locked(meeting)
    with transaction.atomic():
        ordered = list(
            _siblings(meeting, agenda_item.parent_id).select_for_update().order_by("position")
        )
        index = next(i for i, item in enumerate(ordered) if item.pk == agenda_item.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(ordered):
            return agenda_item
        was = agenda_item.full_label
        ordered[index], ordered[other] = ordered[other], ordered[index]
        _renumber(ordered)
        agenda_item.position = other + 1
        audit_entry_create(
            obj=agenda_item, action="agenda_item.moved", actor=actor,
            summary=f"Moved agenda item {agenda_item.title} {direction} from {was} "
            f"to {agenda_item.full_label}"[:255],
            detail={"direction": direction, "order": [item.pk for item in ordered]},
        )
    return agenda_item


def agenda_item_delete_blockers(*, agenda_item: AgendaItem) -> list[str]:
    """Why ``agenda_item`` cannot be deleted: what would be lost with it, in words.

    Deleting an item deletes its sub-items, papers, minute and declarations of
    interest; the clerk must move or remove those first. Empty when it may go.
    """
    items = AgendaItem.objects.filter(pk=agenda_item.pk) | AgendaItem.objects.filter(
        parent_id=agenda_item.pk
    )
    reasons = []
    if items.filter(papers__isnull=False).exists():
        reasons.append("it has papers: move or remove them first")
    if items.filter(minute__isnull=False).exists():
        reasons.append("it has a minute")
    if items.filter(declarations__isnull=False).exists():
        reasons.append("declarations of interest are recorded against it")
    return reasons


def agenda_item_delete(*, agenda_item: AgendaItem, actor: Any) -> None:
    """Delete an item (with its sub-items) and renumber the items after it.

    Raises AgendaLocked once the minutes are confirmed, and ValidationError
    when the item (or a sub-item) has papers, a minute or declarations
    (agenda_item_delete_blockers).
    """
    meeting = agenda_item.meeting
    _refuse_if_locked(meeting)
    blockers = agenda_item_delete_blockers(agenda_item=agenda_item)
    if blockers:
        raise ValidationError(f"This item cannot be deleted: {'; '.join(blockers)}.")
    with transaction.atomic():
        detail = _audit_detail(agenda_item)
        label, parent_id, pk = agenda_item.full_label, agenda_item.parent_id, agenda_item.pk
        agenda_item.delete()
        _renumber(list(_siblings(meeting, parent_id).select_for_update().order_by("position")))
        audit_entry_create(
            obj=meeting, action="agenda_item.deleted", actor=actor,
            summary=f"Deleted agenda item {label} {detail['title']}"[:255],
            detail={**detail, "pk": pk},
        )

