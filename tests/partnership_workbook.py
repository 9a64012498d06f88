"""Helpers for the partnership import tests: write a workbook from rows, and read the state
of a partnership (board tree, memberships, roles, plan, actions) to compare two of them."""
from __future__ import annotations

from django.utils.text import slugify

from actions.models import Action
from boards.access import user_roles_by_board
from boards.models import Board, Membership, Person
from plans.models import Plan
from tests.factories import UserFactory


def partnership_state() -> dict:
    """Everything the import sets up, by natural key, to compare two databases.

    Gives every member a login first, so that ``access`` is each member's roles on every
    board (boards.access), by slug.
    """
    slugs = dict(Board.objects.values_list("pk", "slug"))
    members = Person.objects.filter(memberships__isnull=False).distinct().order_by("name")
    access = {}
    for person in members:
        if person.user_id is None:
            person.user = UserFactory(username=slugify(person.name)[:150])
            person.save(update_fields=["user"])
        access[person.name] = {
            slugs[pk]: sorted(roles) for pk, roles in user_roles_by_board(person.user).items()
        }
    plan = Plan.objects.order_by("pk").first()
    return {
        "tree": sorted(
            (b.slug, b.name, b.parent.slug if b.parent_id else None, b.kind.name)
            for b in Board.objects.select_related("parent", "kind")
        ),
        "seats": sorted(
            (m.board.slug, m.member_name, m.role, m.person.name if m.person_id else None,
             str(m.start_date), str(m.end_date))
            for m in Membership.objects.select_related("board", "person", "organisation")
        ),
        "people": sorted(
            (p.name, p.post_title, p.email, p.organisation.name if p.organisation_id else "")
            for p in members.select_related("organisation")
        ),
        "access": access,
        "plan": (plan.title, plan.period_start, plan.period_end, plan.status) if plan else None,
        "priorities": sorted(
            (p.code, p.title, p.parent.code if p.parent_id else None)
            for p in (plan.priorities.select_related("parent") if plan else [])
        ),
        "actions": sorted(
            (a.board.slug, a.number, a.description, a.rag_status, a.status, a.target_display,
             tuple(sorted(p.name for p in a.lead_people.all())), a.lead_body,
             tuple(sorted(p.code for p in a.priorities.all())))
            for a in Action.objects.select_related("board")
        ),
    }
