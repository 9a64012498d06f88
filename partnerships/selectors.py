"""Reads for the partnership import: what a user may change, and a partnership as it is now,
written as the workbook's rows (to download, change and import again)."""
from __future__ import annotations

from typing import Any

from django.db.models import Q

from actions.models import Action
from actions.plan.targets import Target
from boards.access import (
    Capability,
    board_descendant_ids,
    user_boards_allowing,
    user_is_staff,
    user_may_add_top_boards,
)
from boards.models import Board, Membership, Organisation, Person
from plans.models import Plan

from .rows import Scope


def import_scope(*, user: Any) -> Scope:
    """What ``user`` may change by import: everything for staff; else the boards they manage
    (MANAGE_PARTNERSHIP) and, if allowed to start a partnership, new top boards."""
    if user_is_staff(user):
        return Scope(everything=True, may_add_top=True)
    return Scope(
        may_add_top=user_may_add_top_boards(user),
        managed=frozenset(user_boards_allowing(user, Capability.MANAGE_PARTNERSHIP)),
    )


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def partnership_rows(*, board: Board) -> dict[str, list[dict[str, Any]]]:
    """``board`` and every board below it as the workbook's rows (sheet → rows of
    {column: value}): the boards, their memberships, the organisations and people they
    name, the board's latest plan with its priorities, and the boards' actions.

    Deputies and titles on a board are not columns of the workbook, so they are left out;
    an action's priorities are those of the plan written. A fixed number of queries.
    """
    ids = {board.pk, *board_descendant_ids(board)}
    boards = list(Board.objects.filter(pk__in=ids).select_related("kind", "parent"))
    depth = {b.pk: len(b.ancestors()) for b in boards}
    boards.sort(key=lambda b: (depth[b.pk], b.name))
    memberships = list(
        Membership.objects.filter(board_id__in=ids).select_related("board", "person",
                                                                   "organisation")
        .order_by("board__name", "role", "pk")
    )
    actions = list(
        Action.objects.filter(board_id__in=ids).select_related("board")
        .prefetch_related("lead_people", "lead_organisations", "priorities")
        .order_by("board__name", "number")
    )
    plan = Plan.objects.filter(board=board).order_by("-period_start", "-pk").first()
    priorities = list(plan.priorities.select_related("parent").order_by(
        "parent__position", "parent_id", "position", "code")) if plan else []
    priorities.sort(key=lambda p: p.parent_id is not None)

    people = {m.person_id for m in memberships if m.person_id}
    people |= {p.pk for a in actions for p in a.lead_people.all()}
    people_rows = list(Person.objects.filter(pk__in=people).select_related("organisation")
                       .order_by("name"))
    organisations = {m.organisation_id for m in memberships if m.organisation_id}
    organisations |= {p.organisation_id for p in people_rows if p.organisation_id}
    organisations |= {o.pk for a in actions for o in a.lead_organisations.all()}
    organisation_rows = Organisation.objects.filter(Q(pk__in=organisations)).order_by("name")

    return {
        "organisations": [
            {"name": o.name, "short_name": o.short_name,
             "responsible_authority": _yes_no(o.responsible_authority)}
            for o in organisation_rows
        ],
        "boards": [
            {"slug": b.slug, "name": b.name, "kind": b.kind.name,
             "parent": b.parent.slug if b.parent_id and b.parent_id in ids else "",
             "reports_to_parent": _yes_no(b.reports_to_parent)}
            for b in boards
        ],
        "people": [
            {"name": p.name, "email": p.email, "post_title": p.post_title,
             "organisation": p.organisation.name if p.organisation_id else ""}
            for p in people_rows
        ],
        "memberships": [
            {"board": m.board.slug, "member": m.member_name,
             "role": Membership.Role(m.role).label if m.role != "clerk" else "clerk",
             "representative": m.person.name if m.organisation_id and m.person_id else "",
             "start_date": m.start_date, "end_date": m.end_date}
            for m in memberships
        ],
        "plan": [
            {"title": plan.title, "start": plan.period_start, "end": plan.period_end,
             "status": plan.status}
        ] if plan else [],
        "priorities": [
            {"code": p.code, "title": p.title, "parent": p.parent.code if p.parent_id else ""}
            for p in priorities
        ],
        "actions": [_action_row(a, plan) for a in actions],
    }


def _action_row(action: Action, plan: Plan | None) -> dict[str, Any]:
    leads = [p.name for p in action.lead_people.all()]
    leads += [o.name for o in action.lead_organisations.all()]
    leads += [b for b in action.lead_body.split("; ") if b]
    codes = [p.code for p in action.priorities.all() if plan and p.plan_id == plan.pk]
    return {
        "board": action.board.slug, "reference": action.log_reference,
        "description": action.description, "priorities": ", ".join(codes),
        "outcomes": action.outcomes, "resources": action.resources, "lead": "; ".join(leads),
        "target_date": Target.of(action).text(), "review_date": action.review_date,
        "rag": action.rag_status, "status": action.status,
    }
