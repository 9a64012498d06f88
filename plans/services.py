"""Writes for partnership plans (DOMAIN.md: The partnership plan).

Plans, their version history and their priorities and objectives are written here, by the
clerk's pages and by the partnership import. Each write checks the rules first (raising
ValidationError with every reason, keyed by field), writes only what changed, and records
an audit entry naming what changed; a write that changes nothing writes nothing, so an
import run twice changes nothing the second time.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from boards.models import Board
from csp_portal.audit import audit_entry_create

from .models import Plan, PlanVersion, Priority

PLAN_FIELDS = ("title", "period_start", "period_end", "status", "approved_by", "approved_on",
               "review_date", "introduction")
PRIORITY_FIELDS = ("code", "title", "parent", "position", "description", "success_measures")


def _iso(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _changes(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for each of ``values`` that differs from ``obj``'s."""
    out = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            out[name] = [_iso(old), _iso(new)]
    return out


def plan_errors(*, board: Board, values: dict[str, Any], plan: Plan | None = None) -> dict:
    """{field: [reasons]} for plan ``values`` (any of PLAN_FIELDS) on ``board``; empty if none.

    A title is required and unique among the board's plans; the period must end on or
    after it starts; the status must be one of Plan.Status.
    """
    errors: dict[str, list[str]] = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = ["Enter the plan's title"]
    elif Plan.objects.filter(board=board, title=title).exclude(
        pk=plan.pk if plan else None
    ).exists():
        errors["title"] = [f"{board.name} already has a plan called {title}"]
    start, end = values.get("period_start"), values.get("period_end")
    if start is None:
        errors["period_start"] = ["Enter the date the plan starts"]
    if end is None:
        errors["period_end"] = ["Enter the date the plan ends"]
    if start and end and end < start:
        errors["period_end"] = ["The plan must end after it starts"]
    if values.get("status") not in Plan.Status.values:
        errors["status"] = ["Choose draft, approved or archived"]
    return errors


@transaction.atomic
def plan_create(*, board: Board, values: dict[str, Any], actor: Any) -> Plan:
    """A new plan of ``board`` from ``values`` (PLAN_FIELDS; title, period and status needed).

    Raises ValidationError keyed by field (plan_errors).
    """
    values = {**values, "title": (values.get("title") or "").strip()}
    errors = plan_errors(board=board, values=values)
    if errors:
        raise ValidationError(errors)
    plan = Plan.objects.create(board=board, **values)
    audit_entry_create(
        obj=plan, action="plan_create", actor=actor,
        summary=f"Added the plan {plan.title} of {board.name}",
        detail={name: _iso(value) for name, value in values.items()},
    )
    return plan


@transaction.atomic
def plan_change(*, plan: Plan, values: dict[str, Any], actor: Any) -> bool:
    """Change ``plan``'s fields to ``values`` (any of PLAN_FIELDS); True when anything changed.

    Raises ValidationError keyed by field (plan_errors).
    """
    if "title" in values:
        values = {**values, "title": (values["title"] or "").strip()}
    merged = {name: getattr(plan, name) for name in PLAN_FIELDS} | values
    errors = plan_errors(board=plan.board, values=merged, plan=plan)
    if errors:
        raise ValidationError(errors)
    changes = _changes(plan, values)
    if not changes:
        return False
    for name in changes:
        setattr(plan, name, values[name])
    plan.save(update_fields=list(changes))
    audit_entry_create(
        obj=plan, action="plan_change", actor=actor,
        summary=f"Changed the plan {plan.title}: {', '.join(changes)}", detail=changes,
    )
    return True


def plan_upsert(*, board: Board, values: dict[str, Any], actor: Any) -> tuple[Plan, str]:
    """The plan of ``board`` titled ``values["title"]``, created or changed to ``values``.

    Returns the plan and "created", "updated" or "unchanged". Raises ValidationError as
    plan_create and plan_change do.
    """
    plan = Plan.objects.filter(board=board, title=(values.get("title") or "").strip()).first()
    if plan is None:
        return plan_create(board=board, values=values, actor=actor), "created"
    return plan, "updated" if plan_change(plan=plan, values=values, actor=actor) else "unchanged"


@transaction.atomic
def plan_version_add(
    *, plan: Plan, version: str, change: str, date: dt.date | None, dissemination: str,
    actor: Any,
) -> PlanVersion:
    """Add a row to ``plan``'s version history. Raises ValidationError (keyed by field) for
    a missing or repeated version or a missing description of the change."""
    version, change = version.strip(), change.strip()
    errors: dict[str, list[str]] = {}
    if not version:
        errors["version"] = ["Enter the version, for example 1.1"]
    elif plan.versions.filter(version=version).exists():
        errors["version"] = [f"The plan already has a version {version}"]
    if not change:
        errors["change"] = ["Enter what changed in this version"]
    if errors:
        raise ValidationError(errors)
    row = PlanVersion.objects.create(plan=plan, version=version, change=change, date=date,
                                     dissemination=dissemination.strip())
    audit_entry_create(
        obj=plan, action="plan_version_add", actor=actor,
        summary=f"Added version {version} to the plan {plan.title}",
        detail={"version": version, "change": change, "date": _iso(date)},
    )
    return row


def priority_errors(*, plan: Plan, values: dict[str, Any], priority: Priority | None = None
                    ) -> dict[str, list[str]]:
    """{field: [reasons]} for priority ``values`` (PRIORITY_FIELDS) in ``plan``; empty if none.

    A code and a title are needed, the code unique in the plan; a parent must be one of
    the plan's priorities that is not itself an objective (objectives sit under
    priorities, one level down), and a priority with objectives cannot become one.
    """
    errors: dict[str, list[str]] = {}
    code = (values.get("code") or "").strip()
    if not code:
        errors["code"] = ["Enter the priority's code as the plan numbers it, for example 1.2"]
    elif plan.priorities.filter(code=code).exclude(pk=priority.pk if priority else None).exists():
        errors["code"] = [f"The plan already has a priority or objective {code}"]
    if not (values.get("title") or "").strip():
        errors["title"] = ["Enter the priority's title"]
    parent = values.get("parent")
    if parent is not None:
        if parent.plan_id != plan.pk:
            errors["parent"] = ["The parent must be a priority of the same plan"]
        elif parent.parent_id is not None:
            errors["parent"] = [f"{parent.code} is an objective: objectives have no objectives"]
        elif priority is not None and (
            parent.pk == priority.pk or priority.objectives.exists()
        ):
            errors["parent"] = [f"{priority.code} has objectives, so it stays a priority"]
    return errors


@transaction.atomic
def priority_upsert(*, plan: Plan, values: dict[str, Any], actor: Any) -> tuple[Priority, str]:
    """The priority or objective of ``plan`` with ``values["code"]``, created or changed.

    ``values`` holds PRIORITY_FIELDS (those left out keep their value, or their default for
    a new one). Returns the priority and "created", "updated" or "unchanged". Raises
    ValidationError keyed by field (priority_errors).
    """
    code = (values.get("code") or "").strip()
    values = {**values, "code": code}
    priority = plan.priorities.filter(code=code).first() if code else None
    merged = values if priority is None else (
        {name: getattr(priority, name) for name in PRIORITY_FIELDS} | values)
    errors = priority_errors(plan=plan, values=merged, priority=priority)
    if errors:
        raise ValidationError(errors)
    if priority is None:
        priority = Priority.objects.create(plan=plan, **values)
        audit_entry_create(
            obj=priority, action="priority_create", actor=actor,
            summary=f"Added {priority.code} {priority.title} to the plan {plan.title}",
            detail={name: _iso(value) for name, value in values.items()},
        )
        return priority, "created"
    return priority, "updated" if _priority_change(priority, values, actor) else "unchanged"


def _priority_change(priority: Priority, values: dict[str, Any], actor: Any) -> bool:
    changes = _changes(priority, values)
    if not changes:
        return False
    for name in changes:
        setattr(priority, name, values[name])
    priority.save(update_fields=list(changes))
    audit_entry_create(
        obj=priority, action="priority_change", actor=actor,
        summary=f"Changed {priority.code} of the plan {priority.plan.title}: "
                f"{', '.join(changes)}",
        detail=changes,
    )
    return True


@transaction.atomic
def priority_change(*, priority: Priority, values: dict[str, Any], actor: Any) -> bool:
    """Change ``priority``'s fields (PRIORITY_FIELDS, its code included); True if anything
    changed. Raises ValidationError keyed by field (priority_errors)."""
    if "code" in values:
        values = {**values, "code": (values["code"] or "").strip()}
    merged = {name: getattr(priority, name) for name in PRIORITY_FIELDS} | values
    errors = priority_errors(plan=priority.plan, values=merged, priority=priority)
    if errors:
        raise ValidationError(errors)
    return _priority_change(priority, values, actor)
