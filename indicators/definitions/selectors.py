"""Reads for the indicator pages: one indicator, the board's list, and who may define or edit them.

Who may edit what follows boards.access: an indicator's figures are kept by
officers of its owning subgroup (EDIT_INDICATORS there) and by the chair or
clerk of its board (APPROVE_RETURNS there). DOMAIN.md: Performance.
"""
from __future__ import annotations

from itertools import groupby
from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import Http404

from boards.access import (
    BoardAccess,
    Capability,
    board_descendant_ids,
    capabilities_of,
    user_board_roles,
    user_boards_allowing,
)
from boards.models import Board
from indicators.models import Indicator, IndicatorReturn


def indicator_get(*, board: Board, reference: str) -> Indicator:
    """The indicator ``reference`` of ``board`` with its owning subgroup; Http404 if none."""
    indicator = (
        Indicator.objects.select_related("board", "owning_subgroup")
        .filter(board=board, reference=reference)
        .first()
    )
    if indicator is None:
        raise Http404("No such indicator.")
    return indicator


def user_may_edit_indicator(*, user: Any, access: BoardAccess, indicator: Indicator) -> bool:
    """True for the chair or clerk of the indicator's board, or an editor of its owning subgroup.

    ``access`` is the user's access to the indicator's board.
    """
    if access.allows(Capability.APPROVE_RETURNS):
        return True
    roles = user_board_roles(user, indicator.owning_subgroup)
    return Capability.EDIT_INDICATORS in capabilities_of(roles)


def editable_subgroups(*, user: Any, access: BoardAccess) -> list[Board]:
    """Subgroups under ``access.board`` (any depth) whose indicators ``user`` may define.

    All of them for the board's chair or clerk; else those where the user has
    EDIT_INDICATORS.
    """
    candidates = list(
        Board.objects.filter(pk__in=board_descendant_ids(access.board)).order_by("name")
    )
    if access.allows(Capability.APPROVE_RETURNS):
        return candidates
    allowed = user_boards_allowing(user, Capability.EDIT_INDICATORS)
    return [b for b in candidates if b.pk in allowed]


def indicator_list(*, board: Board) -> list[tuple[Board, list[Indicator]]]:
    """The board's indicators grouped by owning subgroup, in reference order.

    Each indicator has ``latest_return`` (the IndicatorReturn with the latest
    period, or None). Two queries.
    """
    latest_pk = Subquery(
        IndicatorReturn.objects.filter(indicator=OuterRef("pk"))
        .order_by("-period").values("pk")[:1]
    )
    indicators = list(
        Indicator.objects.filter(board=board)
        .select_related("owning_subgroup")
        .annotate(latest_return_pk=latest_pk)
        .order_by("owning_subgroup__name", "position", "reference", "pk")
    )
    latest = IndicatorReturn.objects.in_bulk(
        [i.latest_return_pk for i in indicators if i.latest_return_pk]
    )
    for indicator in indicators:
        indicator.latest_return = latest.get(indicator.latest_return_pk)
    return [
        (subgroup, list(items))
        for subgroup, items in groupby(indicators, key=lambda i: i.owning_subgroup)
    ]

def indicators_editable_by(*, user: Any, access: BoardAccess) -> list[Indicator]:
    """The board's indicators ``user`` may enter returns for, in report order.

    The rule of user_may_edit_indicator, for all indicators
    at once: the board's chair or clerk (APPROVE_RETURNS) may edit all of them;
    otherwise an indicator is editable when the user has EDIT_INDICATORS on its
    owning subgroup (an officer of the subgroup or of one below it, or the
    subgroup's clerk; see boards.access). Three queries at most.
    """
    indicators = Indicator.objects.filter(board=access.board).select_related(
        "owning_subgroup"
    ).order_by("position", "reference", "pk")
    if access.allows(Capability.APPROVE_RETURNS):
        return list(indicators)
    allowed = user_boards_allowing(user, Capability.EDIT_INDICATORS)
    return list(indicators.filter(owning_subgroup_id__in=allowed))
