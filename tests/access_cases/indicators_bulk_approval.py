"""Approving many returns at once from the approvals page (APPROVE_RETURNS: chair, clerk).

Uses world.submitted_return, added by the returns area (indicators_returns.extend_world).
"""
from . import Case

REFUSED_GET = (302, 403, 403, 405, 405)
CHAIR_AND_CLERK_REDIRECTED = (302, 403, 403, 302, 302)
CHAIR_AND_CLERK_CONFIRM = (302, 403, 403, 200, 200)


def _board(w) -> dict:
    return {"slug": w.board.slug}


EXPECTED: dict[str, list[Case]] = {
    "indicators:return_approve_selected": [
        Case("GET is refused", _board, REFUSED_GET),
        Case("nothing selected: back to the approvals", _board, CHAIR_AND_CLERK_REDIRECTED,
             method="post"),
        Case("selected: the confirmation page", _board, CHAIR_AND_CLERK_CONFIRM,
             method="post", data=lambda w: {"returns": [w.submitted_return.pk]}),
    ],
}
