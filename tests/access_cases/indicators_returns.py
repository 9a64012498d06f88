"""Indicator and return pages: list, define/edit, return grid, RAG override, approvals, history.

Editing an indicator or its figures needs EDIT_INDICATORS on the indicator's
owning subgroup, or the chair or clerk of its board. The world's officer is an
officer of bd-csp and so only a *member* of VAWG, which owns the indicator:
they see the list and history but get 403 on the edit and grid pages. The
editor path (a VAWG officer) is covered in tests/test_views_return_grid.py and
tests/test_views_indicator_edit.py.
"""
import datetime as dt
from decimal import Decimal

from indicators.models import IndicatorReturn
from tests.factories import IndicatorFactory, IndicatorReturnFactory

from . import CHAIR_AND_CLERK, MEMBERS_ONLY, Case

# Pages of VAWG's indicator: of the five visitors only the board's chair and clerk may edit.
EDITORS = CHAIR_AND_CLERK
# "Define an indicator": the world's officer keeps no subgroup's indicators, so 403.
DEFINERS = CHAIR_AND_CLERK


def extend_world(world) -> None:
    """An indicator of bd-csp owned by VAWG with a draft, a submitted and an approved return."""
    world.returns_indicator = IndicatorFactory(
        board=world.board, owning_subgroup=world.subgroup, reference="1a", name="Burglary"
    )
    world.draft_return = IndicatorReturnFactory(
        indicator=world.returns_indicator, period=dt.date(2017, 4, 1), value=Decimal("110"),
        status=IndicatorReturn.Status.DRAFT,
    )
    world.submitted_return = IndicatorReturnFactory(
        indicator=world.returns_indicator, period=dt.date(2017, 5, 1), value=Decimal("120"),
        status=IndicatorReturn.Status.SUBMITTED,
    )
    world.approved_return = IndicatorReturnFactory(
        indicator=world.returns_indicator, period=dt.date(2016, 4, 1), value=Decimal("100"),
    )


def _board(w) -> dict:
    return {"slug": w.board.slug}


def _indicator(w) -> dict:
    return {"slug": w.board.slug, "reference": w.returns_indicator.reference}


def _grid(w) -> dict:
    return {**_indicator(w), "year": 2017}


def _return(name):
    return lambda w: {"slug": w.board.slug, "pk": getattr(w, name).pk}


EXPECTED: dict[str, list[Case]] = {
    "indicators:indicator_list": [
        Case("board's indicators", _board, MEMBERS_ONLY),
    ],
    "indicators:indicator_create": [
        Case("new indicator form", _board, DEFINERS),
        Case("new indicator, empty form re-shown", _board, DEFINERS, method="post"),
    ],
    "indicators:indicator_edit": [
        Case("VAWG's indicator", _indicator, EDITORS),
        Case("VAWG's indicator, empty form re-shown", _indicator, EDITORS, method="post"),
        Case("unknown indicator", lambda w: {"slug": w.board.slug, "reference": "zz"},
             (302, 403, 404, 404, 404)),
    ],
    "indicators:return_grid": [
        Case("2017/18 grid", _grid, EDITORS),
        Case("2017/18 grid, empty post re-shown", _grid, EDITORS, method="post"),
    ],
    "indicators:return_override_rag": [
        Case("GET is refused", _grid, (302, 403, 403, 405, 405)),
        Case("override without a reason is re-shown", _grid, CHAIR_AND_CLERK, method="post",
             data=lambda w: {"period": "2017-05-01", "rag": "G", "reason": ""}),
    ],
    "indicators:return_history": [
        Case("VAWG's indicator", _indicator, MEMBERS_ONLY),
    ],
    "indicators:return_approvals": [
        Case("submitted returns", _board, CHAIR_AND_CLERK),
    ],
    "indicators:return_approve": [
        Case("GET is refused", _return("submitted_return"), (302, 403, 403, 405, 405)),
        Case("approve a draft is refused, redirected", _return("draft_return"),
             (302, 403, 403, 302, 302), method="post"),
    ],
    "indicators:return_send_back": [
        Case("send back without a reason is re-shown", _return("submitted_return"),
             CHAIR_AND_CLERK, method="post", data=lambda w: {"reason": ""}),
    ],
}
