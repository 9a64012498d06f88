"""The action log: the log and its export, one action, raising, updating, managing, My actions.

world.action (number 1 of bd-csp, raised at world.published under world.item)
is led by the officer; extend_world adds world.closed_action (number 2), led
by nobody, and world.other_action (number 1 of the elsewhere board).
"""
import datetime as dt

from actions.models import Action
from tests.factories import ActionFactory, MeetingFactory

from . import CHAIR_AND_CLERK, MEMBERS_ONLY, Case, meeting_kwargs


def extend_world(world) -> None:
    world.closed_action = ActionFactory(
        raised_at=world.published, number=2, status=Action.Status.CLOSED,
        closed_on=dt.date(2018, 3, 28), lead_body="All partners",
    )
    world.other_action = ActionFactory(raised_at=MeetingFactory(board=world.elsewhere), number=1)


def _action(w, name: str = "action") -> dict:
    action = getattr(w, name)
    return {"slug": action.board.slug, "number": action.number}


LEAD_AND_MANAGERS = (302, 403, 200, 200, 200)
LEAD_AND_MANAGERS_REDIRECTED = (302, 403, 302, 302, 302)
NOT_FOUND_FOR_MEMBERS = (302, 403, 404, 404, 404)

EXPECTED: dict[str, list[Case]] = {
    "actions:action_log": [
        Case("partnership board", lambda w: {"slug": w.board.slug}, MEMBERS_ONLY),
        Case("subgroup (officer of the subgroup's parent is a member)",
             lambda w: {"slug": w.subgroup.slug}, MEMBERS_ONLY, subgroup_member=200),
        Case("change a selection (empty: form re-shown)", lambda w: {"slug": w.board.slug},
             (302, 403, 403, 200, 200), method="post"),
    ],
    "actions:action_detail": [
        Case("open action", _action, MEMBERS_ONLY),
        Case("closed action", lambda w: _action(w, "closed_action"), MEMBERS_ONLY),
        Case("no such number", lambda w: {"slug": w.board.slug, "number": 99},
             NOT_FOUND_FOR_MEMBERS),
        Case("another board's action", lambda w: _action(w, "other_action"),
             (302, 200, 403, 403, 403), subgroup_member=403),
    ],
    "actions:action_raise": [
        Case("form", lambda w: meeting_kwargs(w), MEMBERS_ONLY),
        Case("empty post re-shows the form", lambda w: meeting_kwargs(w), MEMBERS_ONLY,
             method="post"),
        Case("another board's meeting", lambda w: {"slug": w.board.slug,
                                                   "pk": w.other_action.raised_at.pk},
             NOT_FOUND_FOR_MEMBERS),
    ],
    "actions:action_completion_request": [
        Case("lead asks the chair to close", _action, LEAD_AND_MANAGERS_REDIRECTED,
             method="post"),
        Case("not the lead", lambda w: _action(w, "closed_action"),
             (302, 403, 403, 302, 302), method="post"),
    ],
    "actions:lead_search": [
        Case("leads matching a name", lambda w: {"slug": w.board.slug}, MEMBERS_ONLY),
    ],
    "actions:action_update": [
        Case("lead's form", _action, LEAD_AND_MANAGERS),
        Case("empty post re-shows the form", _action, LEAD_AND_MANAGERS, method="post"),
        Case("action the officer does not lead", lambda w: _action(w, "closed_action"),
             CHAIR_AND_CLERK),
    ],
    "actions:action_manage": [
        Case("forms", _action, CHAIR_AND_CLERK),
        Case("empty RAG change re-shows the forms", _action, CHAIR_AND_CLERK, method="post",
             data=lambda w: {"operation": "rag"}),
        Case("no such number", lambda w: {"slug": w.board.slug, "number": 99},
             (302, 403, 403, 404, 404)),
    ],
    "actions:my_actions": [
        Case("signed-in user's actions", lambda w: {}, (302, 200, 200, 200, 200)),
    ],
}
