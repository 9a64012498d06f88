"""Partnership plans: the board's plans and one plan (public when approved), and the clerk's
pages to add and change plans, their versions and their priorities (MANAGE_PARTNERSHIP).

extend_world adds world.plan (approved, of bd-csp, with priority 1 and objective 1.1),
world.draft_plan (a draft of bd-csp) and world.other_plan (approved, of the elsewhere board).
"""
from tests.factories import PlanFactory, PriorityFactory

from . import CLERK_ONLY, EVERYONE, MEMBERS_SEE, Case


def extend_world(world) -> None:
    world.plan = PlanFactory(board=world.board, title="Community Safety Plan 2017-20")
    world.priority = PriorityFactory(plan=world.plan, code="1", title="Violence")
    PriorityFactory(plan=world.plan, code="1.1", title="Knife crime", parent=world.priority)
    world.draft_plan = PlanFactory(board=world.board, title="Draft plan 2020-23",
                                   status="draft")
    world.other_plan = PlanFactory(board=world.elsewhere)
    world.other_priority = PriorityFactory(plan=world.other_plan, code="1")


def _plan(w, name: str = "plan") -> dict:
    plan = getattr(w, name)
    return {"slug": plan.board.slug, "pk": plan.pk}


NOT_FOUND_FOR_CLERK = (302, 403, 403, 403, 404)

EXPECTED: dict[str, list[Case]] = {
    "plans:plan_list": [
        Case("a board's plans", lambda w: {"slug": w.board.slug}, EVERYONE),
    ],
    "plans:plan_detail": [
        Case("approved plan", _plan, EVERYONE),
        Case("draft plan", lambda w: _plan(w, "draft_plan"), MEMBERS_SEE),
        Case("another board's plan under this board", lambda w: {
            "slug": w.board.slug, "pk": w.other_plan.pk}, (404, 404, 404, 404, 404)),
    ],
    "plans:plan_add": [
        Case("form", lambda w: {"slug": w.board.slug}, CLERK_ONLY),
        Case("empty post re-shows the form", lambda w: {"slug": w.board.slug}, CLERK_ONLY,
             method="post"),
    ],
    "plans:plan_edit": [
        Case("form", _plan, CLERK_ONLY),
        Case("empty post re-shows the form", _plan, CLERK_ONLY, method="post"),
        Case("another board's plan", lambda w: {"slug": w.board.slug, "pk": w.other_plan.pk},
             NOT_FOUND_FOR_CLERK),
    ],
    "plans:plan_version_add": [
        Case("form", _plan, CLERK_ONLY),
        Case("empty post re-shows the form", _plan, CLERK_ONLY, method="post"),
    ],
    "plans:priority_add": [
        Case("form", _plan, CLERK_ONLY),
        Case("empty post re-shows the form", _plan, CLERK_ONLY, method="post"),
    ],
    "plans:priority_edit": [
        Case("form", lambda w: {**_plan(w), "priority_pk": w.priority.pk}, CLERK_ONLY),
        Case("another plan's priority", lambda w: {**_plan(w),
                                                   "priority_pk": w.other_priority.pk},
             NOT_FOUND_FOR_CLERK),
    ],
}
