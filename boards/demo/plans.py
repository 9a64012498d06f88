"""Loading the demo's partnership plan (``plan_*.yaml``) and its links, for boards.demo.loader.

A plan is matched on its board and title, a priority or objective on its plan and code; the
plan's priorities are synced to exactly the YAML's set. ``links`` give the plan's codes for
actions (by number) and indicators (by reference) of the plan's board; every other action and
indicator of that board is left linked to none of the plan's priorities, so loading again
resets the links to the YAML.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from actions.models import Action
from boards.models import Board
from indicators.models import Indicator
from plans.models import Plan, Priority

from .schema import DemoDataError, Entry, check, choice, fields, text


class _Loading(Protocol):
    def upsert(self, model: Any, keys: dict, values: dict) -> Any: ...
    def board(self, slug: str, where: str) -> Board: ...


_PLAN = {"board": str, "title": str, "period_start": dt.date, "period_end": dt.date,
         "status": str}
_PLAN_OPTIONAL = {"approved_by": str, "approved_on": dt.date, "review_date": dt.date,
                  "introduction": str, "priorities": list, "links": dict}
_PRIORITY = {"code": str, "title": str}
_PRIORITY_OPTIONAL = {"description": str, "success_measures": str, "objectives": list}


def load_plans(loader: _Loading, entries: list[Entry]) -> None:
    """Upsert each plan entry, its priorities and objectives, then its links.

    Raises DemoDataError naming the file and entry on a bad entry or an unknown code,
    action number or indicator reference.
    """
    for where, e in entries:
        where = f"{where} ({e.get('title')})"
        e = fields(e, where, _PLAN, _PLAN_OPTIONAL)
        board = loader.board(e["board"], where)
        plan = loader.upsert(Plan, {"board": board, "title": e["title"]}, {
            "period_start": e["period_start"], "period_end": e["period_end"],
            "status": choice(e["status"], Plan.Status, where),
            "approved_by": loader.board(e["approved_by"], where) if "approved_by" in e else None,
            "approved_on": e.get("approved_on"), "review_date": e.get("review_date"),
            "introduction": text(e.get("introduction")),
        })
        codes: dict[str, Priority] = {}
        for i, p in enumerate(e.get("priorities", []), 1):
            _priority(loader, plan, None, i, p, f"{where} priorities[{i - 1}]", codes)
        Priority.objects.filter(plan=plan).exclude(
            pk__in=[p.pk for p in codes.values()]).delete()
        _links(plan, codes, e.get("links", {}), f"{where} links")


def _priority(loader: _Loading, plan: Plan, parent: Priority | None, position: int,
              e: Any, where: str, codes: dict[str, Priority]) -> None:
    e = fields(e, where, _PRIORITY, _PRIORITY_OPTIONAL)
    if e["code"] in codes:
        raise DemoDataError(f"{where}: code {e['code']!r} is used twice")
    if parent is not None and "objectives" in e:
        raise DemoDataError(f"{where}: an objective cannot have objectives")
    priority = loader.upsert(Priority, {"plan": plan, "code": e["code"]}, {
        "parent": parent, "title": e["title"], "position": position,
        "description": text(e.get("description")),
        "success_measures": text(e.get("success_measures")),
    })
    codes[e["code"]] = priority
    for i, o in enumerate(e.get("objectives", []), 1):
        _priority(loader, plan, priority, i, o, f"{where} objectives[{i - 1}]", codes)


def _linked(codes: dict[str, Priority], wanted: Any, where: str) -> list[Priority]:
    found = []
    for code in check(wanted, list, where):
        if str(code) not in codes:
            raise DemoDataError(f"{where}: the plan has no priority or objective {code!r}")
        found.append(codes[str(code)])
    return found


def _links(plan: Plan, codes: dict[str, Priority], links: dict, where: str) -> None:
    links = fields(links, where, {}, {"actions": dict, "indicators": dict})
    ours = list(codes.values())
    actions = {a.number: a for a in Action.objects.filter(board=plan.board)}
    wanted_actions = {}
    for number, wanted in links.get("actions", {}).items():
        if number not in actions:
            raise DemoDataError(f"{where}: {plan.board.slug} has no action {number!r}")
        wanted_actions[number] = _linked(codes, wanted, f"{where} actions {number}")
    for number, action in actions.items():
        _sync(action.priorities, ours, wanted_actions.get(number, []))
    indicators = {i.reference: i for i in Indicator.objects.filter(board=plan.board)}
    wanted_indicators = {}
    for reference, wanted in links.get("indicators", {}).items():
        if str(reference) not in indicators:
            raise DemoDataError(f"{where}: {plan.board.slug} has no indicator {reference!r}")
        wanted_indicators[str(reference)] = _linked(
            codes, wanted, f"{where} indicators {reference}")
    for reference, indicator in indicators.items():
        _sync(indicator.priorities, ours, wanted_indicators.get(reference, []))


def _sync(relation: Any, ours: list[Priority], wanted: list[Priority]) -> None:
    """Make the links to this plan's priorities exactly ``wanted``, writing only changes;
    links to other plans' priorities stay."""
    current = set(relation.filter(pk__in=[p.pk for p in ours]).values_list("pk", flat=True))
    target = {p.pk for p in wanted}
    if current - target:
        relation.remove(*(current - target))
    if target - current:
        relation.add(*(target - current))
