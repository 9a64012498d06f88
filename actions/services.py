"""Writes to the action log (DOMAIN.md: Action log).

Raising actions and posting updates, then the chair's and clerk's changes as
the board reviews its log as a standing item ("Actions 3, 4 and 6 can be
removed as these are duplicated"; "Action 13 to be rag rated to Amber, reset
dates"): RAG, close, merge, reset dates. Every write records an ActionUpdate
(who, when, what changed) and an audit entry, because who changed a RAG
status, and when, matters. Who may make a change is decided by the views.
"""
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from boards.models import AgendaItem, Board, Meeting, Organisation, Person
from csp_portal.audit import audit_entry_create

from .models import Action, ActionUpdate, RagStatus


def _restricting_paragraph(agenda_item) -> int | None:
    """The exempt paragraph of ``agenda_item`` or its parent when either is restricted."""
    restricted = agenda_item.restricted_by if agenda_item is not None else None
    return restricted.exempt_paragraph if restricted is not None else None


def _person_of(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).first()


def action_update_record(
    *,
    action: Action,
    actor: Any,
    target_before: dt.date | None,
    text: str = "",
    rag_before: str = "",
    status_before: str = "",
    reason: str = "",
) -> ActionUpdate:
    """Store one ActionUpdate for ``action`` as it is now, against the values it had before.

    RAG, target date and status "after" are filled in only when they changed,
    so the history shows what each update changed; ``target_before`` is the
    target date before the change (None for "Date TBC"). ``actor`` is the user who
    made the change (None for a system change). Returns the saved update.
    """
    update = ActionUpdate(
        action=action,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        author_person=_person_of(actor),
        text=text,
        reason=reason,
    )
    if rag_before and rag_before != action.rag_status:
        update.rag_before, update.rag_after = rag_before, action.rag_status
    if target_before != action.target_date:
        update.target_date_before, update.target_date_after = target_before, action.target_date
    if status_before and status_before != action.status:
        update.status_before, update.status_after = status_before, action.status
    update.save()
    return update


def action_target_validate(*, target_date: dt.date | None, target_date_tbc: bool) -> None:
    """Raise ValidationError unless exactly one of a target date and "Date TBC" is given."""
    if target_date is None and not target_date_tbc:
        raise ValidationError("Enter a target date, or select Date TBC")
    if target_date is not None and target_date_tbc:
        raise ValidationError("Enter a target date or select Date TBC, not both")


@transaction.atomic
def action_raise(
    *,
    board: Board,
    meeting: Meeting,
    agenda_item: AgendaItem | None,
    description: str,
    lead_people: Iterable[Person],
    lead_body: str,
    target_date: dt.date | None,
    target_date_tbc: bool,
    rag_status: str,
    actor: Any,
    lead_organisations: Iterable[Organisation] = (),
) -> Action:
    """Raise a new action at ``meeting``, numbered next in ``board``'s log (1 for the first).

    Needs a description, at least one lead (people, ``lead_organisations`` or
    ``lead_body``), and a
    target date or ``target_date_tbc`` but not both. ``agenda_item`` (the minute
    it was raised under) must belong to ``meeting``, which must be ``board``'s.
    Writes an initial ActionUpdate and an audit entry. Raises ValidationError
    for any rule broken, before anything is saved.
    """
    lead_people = list(lead_people)
    lead_organisations = list(lead_organisations)
    lead_body = lead_body.strip()
    description = description.strip()
    if meeting.board_id != board.pk:
        raise ValidationError("The meeting is not one of this board's meetings")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError("The agenda item is not on this meeting's agenda")
    if not description:
        raise ValidationError("Enter a description of the action")
    if not lead_people and not lead_organisations and not lead_body:
        raise ValidationError("Select at least one lead, or enter a lead body")
    action_target_validate(target_date=target_date, target_date_tbc=target_date_tbc)
    if rag_status not in RagStatus.values:
        raise ValidationError("Select a RAG status")

    # Lock the board row so two actions raised at once cannot take the same number.
    Board.objects.select_for_update().filter(pk=board.pk).first()
    last = Action.objects.filter(board=board).aggregate(n=Max("number"))["n"] or 0
    action = Action.objects.create(
        board=board,
        number=last + 1,
        raised_at=meeting,
        raised_under=agenda_item,
        # Kept on the action so that it stays out of public packs even if the item goes.
        exempt_paragraph=_restricting_paragraph(agenda_item),
        description=description,
        lead_body=lead_body,
        target_date=target_date,
        target_date_tbc=target_date_tbc,
        rag_status=rag_status,
    )
    action.lead_people.set(lead_people)
    action.lead_organisations.set(lead_organisations)
    update = ActionUpdate(
        action=action,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        author_person=_person_of(actor),
        text="Action raised.",
        rag_after=rag_status,
        target_date_after=target_date,
        status_after=action.status,
    )
    update.save()
    audit_entry_create(
        obj=action,
        action="action_raise",
        actor=actor,
        summary=f"Raised action {action.number} of {board.name}",
        detail={
            "number": action.number,
            "meeting": meeting.pk,
            "agenda_item": agenda_item.pk if agenda_item else None,
            "leads": [p.pk for p in lead_people],
            "lead_organisations": [o.pk for o in lead_organisations],
            "lead_body": lead_body,
            "target_date": target_date.isoformat() if target_date else None,
            "rag_status": rag_status,
        },
    )
    return action


@transaction.atomic
def action_update_post(
    *,
    action: Action,
    actor: Any,
    text: str,
    rag_status: str,
    target_date: dt.date | None = None,
    reason: str = "",
) -> ActionUpdate:
    """A lead's (or the chair's or clerk's) update: text, a RAG status, perhaps a revised date.

    ``target_date`` None keeps the current target. A revised target date needs a
    ``reason``, which is kept with the update. The text becomes the action's
    comments / update column. Raises ValidationError for a closed action, empty
    text, an unknown RAG status or a new date without a reason. Who may post is
    decided by the view (the action's leads and MANAGE_ACTIONS holders).
    """
    text = text.strip()
    reason = reason.strip()
    if not action.is_open:
        raise ValidationError(f"Action {action.number} is closed: it cannot be updated")
    if not text:
        raise ValidationError("Enter an update")
    if rag_status not in RagStatus.values:
        raise ValidationError("Select a RAG status")
    date_changes = target_date is not None and target_date != action.target_date
    if date_changes and not reason:
        raise ValidationError("Enter the reason for the new date")

    rag_before, target_before = action.rag_status, action.target_date
    action.rag_status = rag_status
    action.comments = text
    if date_changes:
        action.target_date, action.target_date_tbc = target_date, False
    action.save(update_fields=["rag_status", "comments", "target_date", "target_date_tbc"])
    update = action_update_record(
        action=action, actor=actor, text=text, rag_before=rag_before,
        target_before=target_before, reason=reason if date_changes else "",
    )
    audit_entry_create(
        obj=action,
        action="action_update_post",
        actor=actor,
        summary=f"Posted an update to action {action.number} of {action.board.name}",
        detail={
            "update": update.pk,
            "rag_before": rag_before,
            "rag_after": action.rag_status,
            "target_date_before": target_before.isoformat() if target_before else None,
            "target_date_after": action.target_date.isoformat() if action.target_date else None,
            "reason": update.reason,
        },
    )
    return update


# --- The chair's and clerk's changes -----------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _require_open(action: Action) -> None:
    if not action.is_open:
        raise ValidationError(f"Action {action.number} is already closed")


@transaction.atomic
def action_rag_change(*, action: Action, actor: Any, rag_status: str, note: str = "") -> Action:
    """Set the action's RAG status (R, A or G), with an optional note for the history.

    Raises ValidationError for an unknown or unchanged RAG status, or a closed action.
    """
    _require_open(action)
    if rag_status not in RagStatus.values:
        raise ValidationError("Select a RAG status")
    if rag_status == action.rag_status:
        current = action.get_rag_status_display()
        raise ValidationError(f"Action {action.number} is already {current}")
    before = action.rag_status
    action.rag_status = rag_status
    action.save(update_fields=["rag_status"])
    action_update_record(
        action=action, actor=actor, text=note.strip(), rag_before=before,
        target_before=action.target_date,
    )
    audit_entry_create(
        obj=action,
        action="action_rag_change",
        actor=actor,
        summary=(
            f"Changed the RAG status of action {action.number} from "
            f"{RagStatus(before).label} to {action.get_rag_status_display()}"
        ),
        detail={"rag_before": before, "rag_after": rag_status, "note": note.strip()},
    )
    return action


@transaction.atomic
def action_close(
    *, action: Action, actor: Any, note: str, closed_on: dt.date | None = None
) -> Action:
    """Close an open action on ``closed_on`` (today, Europe/London, when None) with a note.

    The note is required: it says why (complete, no longer needed). Raises
    ValidationError for a closed action, an empty note or a date in the future.
    """
    _require_open(action)
    note = note.strip()
    if not note:
        raise ValidationError("Enter a note saying why the action is closed")
    today = timezone.localdate()
    closed_on = closed_on or today
    if closed_on > today:
        raise ValidationError("The date closed must be today or in the past")
    action.status = Action.Status.CLOSED
    action.closed_on = closed_on
    action.save(update_fields=["status", "closed_on"])
    action_update_record(
        action=action, actor=actor, text=note, status_before=Action.Status.OPEN,
        target_before=action.target_date,
    )
    audit_entry_create(
        obj=action,
        action="action_close",
        actor=actor,
        summary=f"Closed action {action.number} of {action.board.name}",
        detail={"closed_on": closed_on.isoformat(), "note": note},
    )
    return action


@transaction.atomic
def action_merge(*, duplicate: Action, into: Action, actor: Any, note: str = "") -> Action:
    """Merge ``duplicate`` into ``into`` (same board): the duplicate closes, pointing at it.

    Both histories say so ("Merged into action 5" / "Action 7 merged into this
    action"). Returns the duplicate. Raises ValidationError when the actions
    are on different boards, are the same action, the duplicate is closed, or
    ``into`` has itself been merged into another action.
    """
    if duplicate.board_id != into.board_id:
        raise ValidationError("An action can only be merged into an action of the same board")
    if duplicate.pk == into.pk:
        raise ValidationError("An action cannot be merged into itself")
    _require_open(duplicate)
    if into.merged_into_id is not None:
        raise ValidationError(
            f"Action {into.number} has been merged into another action: choose that one"
        )
    note = note.strip()
    duplicate.merged_into = into
    duplicate.status = Action.Status.CLOSED
    duplicate.closed_on = timezone.localdate()
    duplicate.save(update_fields=["merged_into", "status", "closed_on"])
    text = f"Merged into action {into.number} as a duplicate."
    action_update_record(
        action=duplicate, actor=actor, text=f"{text} {note}".strip(),
        status_before=Action.Status.OPEN, target_before=duplicate.target_date,
    )
    action_update_record(
        action=into, actor=actor,
        text=f"Action {duplicate.number} merged into this action. {note}".strip(),
        target_before=into.target_date,
    )
    audit_entry_create(
        obj=duplicate,
        action="action_merge",
        actor=actor,
        summary=f"Merged action {duplicate.number} into action {into.number}",
        detail={"duplicate": duplicate.number, "into": into.number, "note": note},
    )
    return duplicate


@transaction.atomic
def action_dates_reset(
    *,
    action: Action,
    actor: Any,
    target_date: dt.date | None,
    target_date_tbc: bool,
    reason: str,
) -> Action:
    """Give the action a new target date, or make it "Date TBC", with the reason kept.

    Raises ValidationError for a closed action, no reason, neither or both of
    a date and TBC, or no change.
    """
    _require_open(action)
    reason = reason.strip()
    action_target_validate(target_date=target_date, target_date_tbc=target_date_tbc)
    if not reason:
        raise ValidationError("Enter the reason for the new date")
    if target_date == action.target_date and target_date_tbc == action.target_date_tbc:
        raise ValidationError(f"Action {action.number} already has that target date")
    before = action.target_date
    action.target_date, action.target_date_tbc = target_date, target_date_tbc
    action.save(update_fields=["target_date", "target_date_tbc"])
    action_update_record(action=action, actor=actor, target_before=before, reason=reason)
    audit_entry_create(
        obj=action,
        action="action_dates_reset",
        actor=actor,
        summary=f"Reset the target date of action {action.number} to {action.target_display}",
        detail={
            "target_date_before": _iso(before),
            "target_date_after": _iso(target_date),
            "target_date_tbc": target_date_tbc,
            "reason": reason,
        },
    )
    return action
