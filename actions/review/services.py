"""Writes of the chair's review of the action log (DOMAIN.md: Action log).

At the meeting the chair works through the log: "Actions 3, 4 and 6 can be
closed", "Action 13 to be rag rated to Amber". A change to a selection is
one change per action (one ActionUpdate and one audit entry each, through
actions.services), all or nothing. A lead may mark an action complete and
ask the chair to close it; the chair sees those first.
"""
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csp_portal.audit import audit_entry_create

from ..models import Action
from ..services import action_close, action_rag_change, action_update_record

CLOSED_FROM_THE_LOG = "Closed at the review of the action log."
"""The history's note for a close with no note typed (actions.services.action_close needs one)."""


def _each_or_none(actions: Iterable[Action], apply: Callable[[Action], Action], *,
                  skip: Callable[[Action], bool] = lambda action: False) -> list[Action]:
    """``apply`` each action not to ``skip``, each in a savepoint, collecting every
    ValidationError; returns what ``apply`` returned. Raises ValidationError listing every
    problem, or "Select at least one action" for none: the caller's transaction then saves
    nothing."""
    actions = list(actions)
    if not actions:
        raise ValidationError("Select at least one action")
    done, errors = [], []
    for action in actions:
        if skip(action):
            continue
        try:
            with transaction.atomic():
                done.append(apply(action))
        except ValidationError as exc:
            errors += exc.messages
    if errors:
        raise ValidationError(errors)
    return done


@transaction.atomic
def actions_rag_change(
    *, actions: Iterable[Action], actor: Any, rag_status: str, note: str = ""
) -> list[Action]:
    """Give every action of ``actions`` the RAG status ``rag_status`` (R, A or G), with an
    optional note; actions already at that status are left as they are.

    Returns the actions changed. Raises ValidationError listing every problem
    (a closed action, an unknown RAG status, nothing selected); nothing is saved then.
    """
    return _each_or_none(
        actions,
        lambda action: action_rag_change(action=action, actor=actor, rag_status=rag_status,
                                         note=note),
        skip=lambda action: action.rag_status == rag_status and action.is_open,
    )


@transaction.atomic
def actions_close(*, actions: Iterable[Action], actor: Any, note: str = "") -> list[Action]:
    """Close every action of ``actions`` today, with ``note`` (or CLOSED_FROM_THE_LOG).

    Returns them. Raises ValidationError listing every problem (an action
    already closed, nothing selected); nothing is saved then.
    """
    return _each_or_none(
        actions,
        lambda action: action_close(action=action, actor=actor,
                                    note=note.strip() or CLOSED_FROM_THE_LOG),
    )


@transaction.atomic
def action_completion_request(*, action: Action, actor: Any, note: str = "") -> Action:
    """A lead marks ``action`` complete and asks the chair to close it.

    Sets ``completion_requested_at`` (the log lists such actions first for the
    chair); writes an ActionUpdate and an audit entry. Raises ValidationError
    for a closed action or one already waiting to be closed. Who may ask is
    decided by the view (the action's leads and MANAGE_ACTIONS holders).
    """
    if not action.is_open:
        raise ValidationError(f"Action {action.number} is already closed")
    if action.completion_requested_at is not None:
        raise ValidationError(f"Action {action.number} is already waiting for the chair "
                              "to close it")
    action.completion_requested_at = timezone.now()
    action.save(update_fields=["completion_requested_at"])
    text = "Marked complete: the lead asks the chair to close this action."
    action_update_record(
        action=action, actor=actor, text=f"{text} {note.strip()}".strip(),
        target_before=action.target_date,
    )
    audit_entry_create(
        obj=action,
        action="action_completion_request",
        actor=actor,
        summary=f"Asked the chair to close action {action.number} of {action.board.name}",
        detail={"note": note.strip()},
    )
    return action
