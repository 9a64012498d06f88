"""Reads for the indicator and return pages: the list, the return grid, approvals, history.

Each selector runs a fixed number of queries whatever the number of rows.
Who may edit what follows boards.access: an indicator's figures are kept by
officers of its owning subgroup (EDIT_INDICATORS there) and by the chair or
clerk of its board (APPROVE_RETURNS there). DOMAIN.md: Performance.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.http import Http404

from boards.models import Board
from csp_portal.models import AuditEntry
from indicators import performance as perf
from indicators.models import Indicator, IndicatorReturn

RETURN_OBJECT_TYPE = IndicatorReturn._meta.label_lower
INDICATOR_OBJECT_TYPE = Indicator._meta.label_lower
RETURN_FIELD_LABELS = {
    "value": "Figure", "fytd_reported": "FYTD as reported",
    "london_change_pct": "London change (%)", "london_comparator": "London comparator",
    "cohort_label": "Cohort", "performance_overview": "Performance overview",
    "actions_to_improve": "Actions to sustain or improve", "rag_override": "RAG override",
    "rag_override_reason": "Reason for the RAG override", "status": "Status",
}
"""How the history names a return's fields (as the grid and the report do)."""


def grid_periods(*, indicator: Indicator, year: perf.FinancialYear) -> list[dt.date]:
    """The periods of a year's return grid: twelve months, four quarter-end months, or for
    an annual indicator the year's last month.

    Quarterly and cohort returns are dated by their last month (June,
    September, December, March), an annual return by March; see IndicatorReturn.
    """
    months = year.months()
    if indicator.frequency == Indicator.Frequency.MONTHLY:
        return months
    if indicator.frequency == Indicator.Frequency.ANNUAL:
        return months[-1:]
    return months[2::3]


def row_label(*, indicator: Indicator, period: dt.date) -> str:
    """"April 2017"; "Q1 (Apr–Jun) 2017/18" for a quarterly or cohort row; "Year 2017/18"
    for an annual one."""
    if indicator.frequency == Indicator.Frequency.MONTHLY:
        return perf.period_label(period)
    if indicator.frequency == Indicator.Frequency.ANNUAL:
        return f"Year {perf.financial_year(period).label}"
    quarter = (perf.month_of_financial_year(period) - 1) // 3
    return f"{perf.QUARTER_LABELS[quarter]} {perf.financial_year(period).label}"


@dataclass(frozen=True)
class GridRow:
    """One row of the return grid: this year's return (or None) beside last year's."""

    period: dt.date
    label: str
    current: IndicatorReturn | None
    last_year: IndicatorReturn | None
    months_sum: Decimal | None
    fytd_check: perf.FytdCheck | None


def return_grid(*, indicator: Indicator, year: perf.FinancialYear) -> dict[str, Any]:
    """Everything the grid page shows for ``indicator`` in ``year``: one query.

    ``rows`` (GridRow per period, April first), ``latest`` (the latest return
    of the year with a figure, or None; its commentary is the year's),
    ``returns`` (period → return, both years) and ``year``.
    """
    returns = {
        r.period: r
        for r in IndicatorReturn.objects.filter(
            indicator=indicator,
            period__range=(year.previous().start, year.end),
        ).select_related("submitted_by", "approved_by")
    }
    rows = []
    for period in grid_periods(indicator=indicator, year=year):
        current = returns.get(period)
        summable = indicator.unit == Indicator.Unit.COUNT
        total = (
            perf.months_sum(returns, period)
            if summable and indicator.frequency == Indicator.Frequency.MONTHLY
            else None
        )
        rows.append(GridRow(
            period=period,
            label=row_label(indicator=indicator, period=period),
            current=current,
            last_year=returns.get(perf.same_period_last_year(period)),
            months_sum=total,
            fytd_check=perf.fytd_check(indicator, returns, period),
        ))
    with_figure = [
        r.current for r in rows
        if r.current is not None
        and (r.current.value is not None or r.current.fytd_reported is not None)
    ]
    return {
        "year": year,
        "rows": rows,
        "latest": with_figure[-1] if with_figure else None,
        "returns": returns,
    }


def returns_awaiting_approval(*, board: Board) -> list[tuple[Indicator, list[IndicatorReturn]]]:
    """Submitted returns of ``board``'s indicators grouped by indicator, oldest period first.

    One query.
    """
    submitted = (
        IndicatorReturn.objects.filter(
            indicator__board=board, status=IndicatorReturn.Status.SUBMITTED
        )
        .select_related("indicator__owning_subgroup", "submitted_by")
        .order_by("indicator__position", "indicator__reference", "indicator_id", "period")
    )
    return [
        (indicator, list(items))
        for indicator, items in groupby(submitted, key=lambda r: r.indicator)
    ]


def return_get(*, board: Board, pk: int) -> IndicatorReturn:
    """A return of one of ``board``'s indicators, with its indicator; Http404 otherwise."""
    ret = (
        IndicatorReturn.objects.select_related("indicator__board", "indicator__owning_subgroup")
        .filter(indicator__board=board, pk=pk)
        .first()
    )
    if ret is None:
        raise Http404("No such return.")
    return ret


def _person_name(user: Any) -> str:
    """The user's Person's name, else their full name or username; "System" for None."""
    if user is None:
        return "System"
    person = getattr(user, "person", None)
    return (person.name if person else "") or user.get_full_name() or user.username


def indicator_history(*, indicator: Indicator) -> list[dict[str, Any]]:
    """Every audit entry about ``indicator`` and its returns, newest first. Three queries.

    Each item: ``entry`` (AuditEntry with ``actor``), ``who`` (a name), ``period`` (the
    return's period or None for the indicator itself) and ``changes``, a list
    of (field label, old, new) from ``detail``.
    """
    periods = {
        str(pk): period
        for pk, period in IndicatorReturn.objects.filter(indicator=indicator)
        .values_list("pk", "period")
    }
    entries = AuditEntry.objects.select_related("actor__person").filter(
        object_type=RETURN_OBJECT_TYPE, object_id__in=list(periods)
    ) | AuditEntry.objects.select_related("actor__person").filter(
        object_type=INDICATOR_OBJECT_TYPE, object_id=str(indicator.pk)
    )
    labels = {f.name: str(f.verbose_name).capitalize() for f in Indicator._meta.fields}
    labels.update({f.name: str(f.verbose_name).capitalize() for f in IndicatorReturn._meta.fields})
    labels.update(RETURN_FIELD_LABELS)
    out = []
    for entry in entries.order_by("-created_at", "-id"):
        changes = [
            (labels.get(name, name), pair[0], pair[1])
            for name, pair in (entry.detail or {}).items()
            if isinstance(pair, list) and len(pair) == 2
        ]
        reason = (entry.detail or {}).get("reason", "")
        out.append({
            "entry": entry,
            "who": _person_name(entry.actor),
            "period": periods.get(entry.object_id)
            if entry.object_type == RETURN_OBJECT_TYPE else None,
            "changes": changes,
            "reason": reason,
        })
    return out


def returns_selected(*, board: Board, pks: list[str]) -> list[IndicatorReturn]:
    """The returns of ``board``'s indicators among ``pks`` (text from a form), in report
    order; pks that are not numbers or not the board's are left out. One query."""
    wanted = [int(pk) for pk in pks if str(pk).isdigit()]
    return list(
        IndicatorReturn.objects.filter(indicator__board=board, pk__in=wanted)
        .select_related("indicator__board", "submitted_by")
        .order_by("indicator__position", "indicator__reference", "indicator_id", "period")
    )


_QUARTER_ENDS = {3, 6, 9, 12}


def due_period(indicator: Indicator, today: dt.date) -> dt.date | None:
    """The period (first of a month) whose return is due by ``today``: last month's for a
    monthly indicator, a quarter's last month's for a quarterly one, March's for an annual
    one; None when nothing fell due last month (and for cohorts, which report when ready)."""
    period = perf.add_months(perf.month_start(today), -1)
    if indicator.frequency == Indicator.Frequency.MONTHLY:
        return period
    if indicator.frequency == Indicator.Frequency.QUARTERLY and period.month in _QUARTER_ENDS:
        return period
    if indicator.frequency == Indicator.Frequency.ANNUAL and period.month == 3:
        return period
    return None


def indicators_return_missing(*, indicators, today: dt.date) -> list[Indicator]:
    """Those of ``indicators`` (a queryset or list) whose return for the period due by
    ``today`` (due_period) is neither submitted nor approved, in the given order. Two
    queries."""
    due = [i for i in indicators if due_period(i, today) is not None]
    done = set(
        IndicatorReturn.objects.filter(
            indicator__in=due,
            status__in=[IndicatorReturn.Status.SUBMITTED, IndicatorReturn.Status.APPROVED],
        ).values_list("indicator_id", "period")
    )
    return [i for i in due if (i.pk, due_period(i, today)) not in done]
