"""Writes for actions from the partnership plan (DOMAIN.md: The partnership plan, Action log).

A plan action belongs to a board and is raised at no meeting; it carries the action
plan's fields. ``action_plan_add`` puts one on the board's log, ``action_plan_change``
changes its details, and ``action_plan_upsert`` does either for an import, keyed by the
action's reference in its log. Every change records an ActionUpdate where the RAG status,
target date or status changed, and an audit entry naming the fields changed; a change
that changes nothing writes nothing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from actions.models import Action, ActionUpdate, RagStatus
from actions.services import action_update_record
from boards.models import Board, Organisation, Person
from csp_portal.audit import audit_entry_create

from .targets import Target

_TEXT_FIELDS = ("description", "focus_area", "outcomes", "resources", "lead_body")


@dataclass(frozen=True)
class PlanActionFields:
    """What the plan says about an action. ``priorities`` are plans.Priority objects;
    ``reference`` is the plan's reference, or the action's number in the log."""

    description: str
    target: Target
    rag_status: str
    reference: str = ""
    focus_area: str = ""
    outcomes: str = ""
    resources: str = ""
    lead_people: tuple[Person, ...] = ()
    lead_organisations: tuple[Organisation, ...] = ()
    lead_body: str = ""
    review_date: dt.date | None = None
    status: str = Action.Status.OPEN
    priorities: tuple[Any, ...] = field(default_factory=tuple)


def actor_is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def plan_action_errors(fields: PlanActionFields) -> list[str]:
    """Every reason ``fields`` cannot be saved (empty when they can)."""
    errors = []
    if not fields.description.strip():
        errors.append("Enter a description of the action")
    if not (fields.lead_people or fields.lead_organisations or fields.lead_body.strip()):
        errors.append("Give at least one lead: a person, an organisation or a body")
    target = fields.target
    if sum((target.date is not None, target.tbc, target.ongoing)) != 1:
        errors.append('Give one target: a date, a month, "TBC" or "Ongoing"')
    if fields.rag_status not in RagStatus.values:
        errors.append("Select a RAG status")
    if fields.status not in Action.Status.values:
        errors.append("Select open or closed")
    if len(fields.reference.strip()) > Action._meta.get_field("reference").max_length:
        errors.append("The reference is longer than 20 characters")
    return errors


def action_find_by_reference(*, board: Board, reference: str) -> Action | None:
    """``board``'s action with this reference in its log: the plan's reference, or, for an
    action with none, its number (so "5" finds action 5). None when there is none."""
    reference = reference.strip()
    found = Action.objects.filter(board=board, reference=reference).first()
    if found is None and reference.isdigit():
        found = Action.objects.filter(board=board, reference="", number=int(reference)).first()
    return found


def _values(fields: PlanActionFields) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(fields, name).strip() for name in _TEXT_FIELDS}
    values.update(fields.target.fields())
    values.update(rag_status=fields.rag_status, status=fields.status,
                  review_date=fields.review_date)
    return values


def _relations(fields: PlanActionFields) -> dict[str, set[int]]:
    return {
        "lead_people": {p.pk for p in fields.lead_people},
        "lead_organisations": {o.pk for o in fields.lead_organisations},
        "priorities": {p.pk for p in fields.priorities},
    }


def _raise_if_invalid(fields: PlanActionFields) -> None:
    errors = plan_action_errors(fields)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_plan_add(*, board: Board, fields: PlanActionFields, actor: Any) -> Action:
    """Put a plan action on ``board``'s log, raised at no meeting.

    Numbered next in the log, except that a whole-number reference not yet taken
    becomes the action's number (an imported log keeps its numbers). Writes the
    initial ActionUpdate and an audit entry. Raises ValidationError (every reason) for
    fields that break plan_action_errors or a reference the board's log already has.
    """
    _raise_if_invalid(fields)
    reference = fields.reference.strip()
    if reference and action_find_by_reference(board=board, reference=reference):
        raise ValidationError(f"{board.name} already has an action {reference}")
    # Lock the board row so two actions added at once cannot take the same number.
    Board.objects.select_for_update().filter(pk=board.pk).first()
    taken = Action.objects.filter(board=board)
    number = (taken.aggregate(n=Max("number"))["n"] or 0) + 1
    if reference.isdigit() and not taken.filter(number=int(reference)).exists():
        number, reference = int(reference), ""
    values = _values(fields)
    if values["status"] == Action.Status.CLOSED:
        values["closed_on"] = timezone.localdate()
    action = Action.objects.create(board=board, number=number, reference=reference, **values)
    for name, pks in _relations(fields).items():
        getattr(action, name).set(pks)
    ActionUpdate.objects.create(
        action=action, author=actor if actor_is_user(actor) else None,
        author_person=Person.objects.filter(user=actor).first() if actor_is_user(actor) else None,
        text="Action added from the plan.", rag_after=action.rag_status,
        target_date_after=action.target_date, status_after=action.status,
    )
    audit_entry_create(
        obj=action, action="action_plan_add", actor=actor,
        summary=f"Added action {action.log_reference} of {board.name} from the plan",
        detail={"number": action.number, "reference": action.reference,
                "target": fields.target.text(), "rag_status": action.rag_status,
                "priorities": sorted(_relations(fields)["priorities"])},
    )
    return action


@transaction.atomic
def action_plan_change(*, action: Action, fields: PlanActionFields, actor: Any) -> bool:
    """Make ``action``'s plan details those of ``fields``; True when anything changed.

    A change of RAG status, target or status is recorded in the action's history
    (closing sets the date closed to today; reopening clears it). The audit entry names
    each field changed. Raises ValidationError for fields that break
    plan_action_errors, or a reference another action of the board has.
    """
    _raise_if_invalid(fields)
    reference = fields.reference.strip()
    if reference and reference != action.log_reference:
        other = action_find_by_reference(board=action.board, reference=reference)
        if other is not None and other.pk != action.pk:
            raise ValidationError(f"{action.board.name} already has an action {reference}")
    else:
        reference = action.reference
    values = {**_values(fields), "reference": reference}
    before = {name: getattr(action, name) for name in values}
    changed = sorted(name for name, value in values.items() if before[name] != value)
    relations = _relations(fields)
    current = {name: set(getattr(action, name).values_list("pk", flat=True))
               for name in relations}
    changed += sorted(name for name in relations if current[name] != relations[name])
    if not changed:
        return False
    for name, value in values.items():
        setattr(action, name, value)
    if before["status"] != action.status:
        action.closed_on = timezone.localdate() if not action.is_open else None
    action.save()
    for name, pks in relations.items():
        if current[name] != pks:
            getattr(action, name).set(pks)
    if {"rag_status", "status", "target_date"} & set(changed):
        action_update_record(
            action=action, actor=actor, target_before=before["target_date"],
            text="Updated from the plan.", rag_before=before["rag_status"],
            status_before=before["status"],
        )
    audit_entry_create(
        obj=action, action="action_plan_change", actor=actor,
        summary=f"Changed action {action.log_reference} of {action.board.name}: "
                f"{', '.join(changed)}",
        detail={"changed": changed},
    )
    return True


def action_plan_upsert(
    *, board: Board, fields: PlanActionFields, actor: Any
) -> tuple[Action, str]:
    """Add or change ``board``'s action with ``fields.reference`` (see action_find_by_reference).

    Returns the action and "created", "updated" or "unchanged". Raises ValidationError
    as action_plan_add and action_plan_change do.
    """
    found = action_find_by_reference(board=board, reference=fields.reference)
    if found is None:
        return action_plan_add(board=board, fields=fields, actor=actor), "created"
    changed = action_plan_change(action=found, fields=fields, actor=actor)
    return found, "updated" if changed else "unchanged"


def leads_split(
    leads: Iterable[Any],
) -> tuple[tuple[Person, ...], tuple[Organisation, ...], str]:
    """Sort resolved leads (Person, Organisation or a body's name as text) into the three
    lead fields: people, organisations, and the bodies joined by "; "."""
    leads = list(leads)
    people = tuple(x for x in leads if isinstance(x, Person))
    organisations = tuple(x for x in leads if isinstance(x, Organisation))
    bodies = [x for x in leads if isinstance(x, str)]
    return people, organisations, "; ".join(bodies)
