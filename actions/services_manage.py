"""The chair's and clerk's changes to the action log: RAG, close, merge, reset dates.

The board reviews its log as a standing item ("Actions 3, 4 and 6 can be
removed as these are duplicated"; "Action 13 to be rag rated to Amber, reset
dates"): see DOMAIN.md: Action log. Each change writes an ActionUpdate and an
audit entry. Who may make them (MANAGE_ACTIONS) is decided by the views.
"""
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csp_portal.audit import audit_entry_create

from .models import Action, RagStatus
from .services import action_target_validate, action_update_record


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
