"""Reads for the plan pages (DOMAIN.md: The partnership plan; Publication and access rules).

An approved plan is public: anyone sees each priority and objective with the RAG counts of
the actions delivering it and the latest ratings of the indicators measuring it. Draft and
archived plans, and the actions themselves, are for the board's members only.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from actions.models import Action, RagStatus
from boards.models import Board
from csp_portal import clock
from indicators import rating as rating_rules
from indicators.models import Indicator, IndicatorReturn

from .models import Plan, Priority


def board_plans(*, board: Board, is_member: bool) -> list[Plan]:
    """``board``'s plans, latest period first; non-members see approved plans only."""
    plans = Plan.objects.filter(board=board).select_related("approved_by")
    if not is_member:
        plans = plans.filter(status=Plan.Status.APPROVED)
    return list(plans.order_by("-period_start", "title"))


def plan_get(*, board: Board, pk: int, is_member: bool) -> Plan:
    """``board``'s plan ``pk``; Http404 when there is none or the visitor may not see it."""
    plan = (
        Plan.objects.select_related("board", "approved_by").filter(board=board, pk=pk).first()
    )
    if plan is None or not (is_member or plan.is_public):
        raise Http404("No such plan.")
    return plan


def plan_priority_get(*, plan: Plan, pk: int) -> Priority:
    """The plan's priority or objective ``pk``; Http404 for another plan's."""
    priority = plan.priorities.select_related("parent").filter(pk=pk).first()
    if priority is None:
        raise Http404("No such priority.")
    return priority


@dataclass(frozen=True)
class IndicatorRating:
    """An indicator measuring a priority, rated at its latest approved period (or unrated)."""

    indicator: Indicator
    rating: rating_rules.Rating
    period: dt.date | None


@dataclass
class PriorityEntry:
    """A priority or objective as the plan page shows it.

    ``rag_counts`` is [(R, n), (A, n), (G, n)] over its open actions (an objective's
    priority counts its objectives' actions too), ``closed`` the number closed;
    ``indicators`` its indicators' latest ratings; ``actions`` the open actions
    (filled for members only); ``objectives`` the entries under a priority.
    """

    priority: Priority
    rag_counts: list[tuple[str, int]]
    closed: int
    indicators: list[IndicatorRating]
    actions: list[Action] = field(default_factory=list)
    objectives: list[PriorityEntry] = field(default_factory=list)


def _latest_ratings(indicators: list[Indicator]) -> dict[int, IndicatorRating]:
    out = {}
    for indicator in indicators:
        returns = {r.period: r for r in indicator.approved_returns}
        period = max(returns, default=None)
        rating = (
            rating_rules.rate(indicator, returns=returns, period=period) if period
            else rating_rules.rate_figures(indicator, current=None, last_year=None,
                                           months_reported=0)
        )
        out[indicator.pk] = IndicatorRating(indicator=indicator, rating=rating, period=period)
    return out


def plan_overview(*, plan: Plan, is_member: bool, today: dt.date | None = None
                  ) -> list[PriorityEntry]:
    """Each priority of ``plan`` (in the plan's order) with its objectives, the RAG counts
    of the actions that deliver them and the latest ratings of the indicators that measure
    them (approved returns up to ``today`` only). With ``is_member`` each entry also lists
    its open actions. Six queries, whatever the size of the plan.
    """
    today = today or clock.today()
    priorities = list(plan.priorities.order_by("position", "code"))
    actions = list(
        Action.objects.filter(priorities__plan=plan, merged_into__isnull=True)
        .select_related("board")
        .prefetch_related(Prefetch("priorities", queryset=Priority.objects.filter(plan=plan)))
        .distinct()
        .order_by("board__name", "number")
    )
    approved = IndicatorReturn.objects.filter(
        status=IndicatorReturn.Status.APPROVED, period__lte=today
    ).order_by("period")
    indicators = list(
        Indicator.objects.filter(priorities__plan=plan)
        .select_related("board")
        .prefetch_related(
            Prefetch("returns", queryset=approved, to_attr="approved_returns"),
            Prefetch("priorities", queryset=Priority.objects.filter(plan=plan)),
        )
        .distinct()
        .order_by("board__name", "position", "reference")
    )
    ratings = _latest_ratings(indicators)
    parent_of = {p.pk: p.parent_id for p in priorities}

    def under(pk: int, links: Any) -> bool:
        # Linked to this priority, or to one of its objectives.
        return any(p.pk == pk or parent_of.get(p.pk) == pk for p in links.all())

    def entry(priority: Priority) -> PriorityEntry:
        mine = [a for a in actions if under(priority.pk, a.priorities)]
        open_actions = [a for a in mine if a.is_open]
        counts = Counter(a.rag_status for a in open_actions)
        return PriorityEntry(
            priority=priority,
            rag_counts=[(code, counts.get(code, 0)) for code in RagStatus.values],
            closed=len(mine) - len(open_actions),
            indicators=[ratings[i.pk] for i in indicators if under(priority.pk, i.priorities)],
            actions=open_actions if is_member else [],
        )

    entries = {p.pk: entry(p) for p in priorities}
    top = []
    for priority in priorities:
        if priority.parent_id is None:
            top.append(entries[priority.pk])
        elif priority.parent_id in entries:
            entries[priority.parent_id].objectives.append(entries[priority.pk])
    return top
