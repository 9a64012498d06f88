"""Expected statuses of every URL pattern, one module per area of the portal.

Each module here defines ``EXPECTED: dict[str, list[Case]]`` (URL name → fixture
objects and the status each role gets, in ROLES order) and may define
``extend_world(world)`` to add fixture objects its cases need. The
authorisation test (tests/test_authorisation.py) merges them all; a URL
pattern with no entry in any module fails it.
"""
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

ROLES = ("anonymous", "other_officer", "officer", "chair", "clerk")
"""Visitors: nobody signed in; an officer of another board; officer, chair and clerk of bd-csp."""

VISITORS = (*ROLES, "subgroup_member")
"""ROLES and a plain member of VAWG, a subgroup reporting to bd-csp: a plain subgroup
membership gives no role on the board above (boards/access.py), so unless a case says
otherwise (``Case.subgroup_member``) this visitor gets what the officer of another board gets."""

# Shorthands for the usual status rows, in ROLES order.
EVERYONE = (200, 200, 200, 200, 200)
MEMBERS_SEE = (404, 404, 200, 200, 200)  # hidden, not forbidden, from outsiders
MEMBERS_ONLY = (302, 403, 200, 200, 200)
CHAIR_AND_CLERK = (302, 403, 403, 200, 200)
CLERK_ONLY = (302, 403, 403, 403, 200)
CHAIR_ONLY = (302, 403, 403, 200, 403)


@dataclass(frozen=True)
class Case:
    """One fixture object for a URL pattern and the status each role gets, in ROLES order.

    ``method`` is "get" or "post"; ``data`` builds the POST body from the world.
    A POST case checks who may act; its body may be empty (a 200 re-shows a form).
    ``query`` builds a GET request's query string (e.g. a search's words).
    ``subgroup_member`` is the status of the VISITORS' plain subgroup member when it is
    not the other board's officer's.
    """

    label: str
    kwargs: Callable[[SimpleNamespace], dict]
    statuses: tuple[int, int, int, int, int]
    method: str = "get"
    data: Callable[[SimpleNamespace], dict] | None = None
    subgroup_member: int | None = None
    query: Callable[[SimpleNamespace], dict] | None = None

    def status_for(self, visitor: str) -> int:
        """The status ``visitor`` (one of VISITORS) gets."""
        if visitor == "subgroup_member":
            if self.subgroup_member is not None:
                return self.subgroup_member
            visitor = "other_officer"
        return self.statuses[ROLES.index(visitor)]


def meeting_kwargs(world: SimpleNamespace, meeting_name: str = "published") -> dict:
    """URL kwargs of one of the world's meetings: {"slug": board slug, "pk": meeting pk}."""
    meeting = getattr(world, meeting_name)
    return {"slug": meeting.board.slug, "pk": meeting.pk}
