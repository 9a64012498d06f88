"""Actions from the plan: adding one to a board's log and changing an action's details.

Both need MANAGE_ACTIONS on the action's board: its chair and clerk, and the chair of a
board above it (boards.access). world.action is number 1 of bd-csp.
"""
from . import CHAIR_AND_CLERK, Case


def _action(w) -> dict:
    return {"slug": w.action.board.slug, "number": w.action.number}


EXPECTED: dict[str, list[Case]] = {
    "actions:action_plan_add": [
        Case("form", lambda w: {"slug": w.board.slug}, CHAIR_AND_CLERK),
        Case("empty post re-shows the form", lambda w: {"slug": w.board.slug}, CHAIR_AND_CLERK,
             method="post"),
        Case("a subgroup's log (the board's chair manages it too)",
             lambda w: {"slug": w.subgroup.slug}, CHAIR_AND_CLERK),
    ],
    "actions:action_plan_edit": [
        Case("form", _action, CHAIR_AND_CLERK),
        Case("empty post re-shows the form", _action, CHAIR_AND_CLERK, method="post"),
        Case("no such number", lambda w: {"slug": w.board.slug, "number": 99},
             (302, 403, 403, 404, 404)),
    ],
}
