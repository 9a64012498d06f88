"""RAG rating of an indicator (DOMAIN.md: "RAG rating" and "target types").

Pure functions over in-memory objects, like ``indicators.performance``:
year-on-year reduction or increase against per-indicator thresholds, a ceiling
for the year compared pro rata with the months reported, a range, Grey for
monitoring, and an officer's override that wins and keeps its reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .models import Indicator, Rag
from .performance import (
    Returns,
    YearOnYear,
    _by_period,
    format_figure,
    format_number,
    headline,
    last_year_headline,
    month_of_financial_year,
    month_start,
    round_1dp,
    year_on_year,
)

RAG_CSS = {Rag.RED: "red", Rag.AMBER: "amber", Rag.GREEN: "green", Rag.GREY: "grey"}


@dataclass(frozen=True)
class Rating:
    """An indicator's RAG rating for a period.

    ``rag`` is the rating that stands (a ``Rag`` value, or None for no rating);
    ``computed_rag`` what the rules give; ``overridden`` whether an officer's
    override replaced it, with its ``reason``; ``explanation`` says in words
    how the computed rating was reached.
    """

    rag: str | None
    computed_rag: str | None
    overridden: bool
    reason: str
    explanation: str

    @property
    def label(self) -> str:
        """``"Red"``, ``"Grey (monitoring)"``, or ``"Not rated"``."""
        return Rag(self.rag).label if self.rag else "Not rated"

    @property
    def css(self) -> str:
        """The modifier for ``rag rag--<css>``: red, amber, green, grey or none."""
        return RAG_CSS.get(Rag(self.rag), "none") if self.rag else "none"


def _pct(value: Any) -> Decimal:
    return Decimal(value if value is not None else 0)


def _rate_year_on_year(indicator: Indicator, change: YearOnYear | None) -> tuple[str | None, str]:
    if change is None or change.pct_exact is None:
        return None, "No comparable figure for the same period last year."
    green, red = _pct(indicator.green_threshold_pct), _pct(indicator.red_threshold_pct)
    green_s, red_s = format_number(green), format_number(red)
    pct = change.pct_exact
    shown = f"{'+' if pct > 0 else ''}{round_1dp(pct)}%"
    if indicator.target_type == Indicator.TargetType.INCREASE:
        # Increase wanted: the reduction rule mirrored.
        if pct >= green:
            return Rag.GREEN, f"{shown} on last year: at least +{green_s}% (Green)."
        if pct < -red:
            return Rag.RED, f"{shown} on last year: more than {red_s}% below (Red)."
        return Rag.AMBER, f"{shown} on last year: within −{red_s}% to +{green_s}% (Amber)."
    if pct <= -green:
        return Rag.GREEN, f"{shown} on last year: at least {green_s}% lower (Green)."
    if pct > red:
        return Rag.RED, f"{shown} on last year: more than {red_s}% higher (Red)."
    return Rag.AMBER, f"{shown} on last year: within −{green_s}% to +{red_s}% (Amber)."


def ceiling_allowance(target_value: Decimal, months_reported: int) -> Decimal:
    """The pro-rata share of a yearly ceiling: ``target_value × months_reported ÷ 12``.

    Arson at January 2018: 169 × 10 ÷ 12 = 140.83… (DOMAIN.md: target types).
    """
    return Decimal(target_value) * months_reported / 12


def _rate_ceiling(
    indicator: Indicator, current: Decimal | None, months_reported: int
) -> tuple[str | None, str]:
    if current is None or indicator.target_value is None:
        return None, "No figure or no ceiling to compare."
    allowance = ceiling_allowance(indicator.target_value, months_reported)
    amber_from = allowance * (1 - _pct(indicator.green_threshold_pct) / 100)
    sums = (
        f"{format_number(indicator.target_value)} × {months_reported} ÷ 12 = "
        f"{format_number(allowance)}"
    )
    if current > allowance:
        return Rag.RED, f"{format_number(current)} is above the pro-rata allowance ({sums}) (Red)."
    if current >= amber_from:
        return Rag.AMBER, (
            f"{format_number(current)} is within {format_number(indicator.green_threshold_pct)}% "
            f"below the pro-rata allowance ({sums}) (Amber)."
        )
    return Rag.GREEN, (
        f"{format_number(current)} is well below the pro-rata allowance ({sums}) (Green)."
    )


def _rate_range(indicator: Indicator, current: Decimal | None) -> tuple[str | None, str]:
    lower, upper = indicator.target_lower, indicator.target_upper
    if current is None or lower is None or upper is None:
        return None, "No figure or no range to compare."
    shown = format_figure(current, indicator.unit)
    span = f"{format_figure(lower, indicator.unit)} to {format_figure(upper, indicator.unit)}"
    if current < lower:
        return Rag.RED, f"{shown} is below the {span} range (Red)."
    if current > upper:
        return Rag.AMBER, f"{shown} is above the {span} range (Amber)."
    return Rag.GREEN, f"{shown} is within the {span} range (Green)."


def rate_figures(
    indicator: Indicator,
    *,
    current: Decimal | None,
    last_year: Decimal | None,
    months_reported: int,
    rag_override: str = "",
    rag_override_reason: str = "",
) -> Rating:
    """Rate an indicator from its figures (DOMAIN.md: RAG rating, target types).

    - in development: no rating;
    - monitoring: Grey;
    - reduction: Green when the change on last year is ≤ −``green_threshold_pct``,
      Red when > +``red_threshold_pct``, else Amber; increase: mirrored;
    - ceiling: against ``target_value × months_reported ÷ 12``: Red above it,
      Amber within ``green_threshold_pct`` per cent below it, else Green;
    - range: Red below ``target_lower``, Green within, Amber above ``target_upper``;
    - no comparable figure: no computed rating.

    An override (a ``Rag`` value with its reason) wins over the computed rating.
    """
    kind = indicator.target_type
    if indicator.in_development:
        computed, explanation = None, "In development: no data yet."
    elif kind == Indicator.TargetType.MONITORING:
        computed, explanation = Rag.GREY, "For monitoring: not rated Red, Amber or Green."
    elif kind == Indicator.TargetType.CEILING:
        computed, explanation = _rate_ceiling(indicator, current, months_reported)
    elif kind == Indicator.TargetType.RANGE:
        computed, explanation = _rate_range(indicator, current)
    else:
        computed, explanation = _rate_year_on_year(indicator, year_on_year(current, last_year))
    computed_value = Rag(computed).value if computed else None
    if rag_override:
        return Rating(
            rag=Rag(rag_override).value,
            computed_rag=computed_value,
            overridden=True,
            reason=rag_override_reason,
            explanation=explanation,
        )
    return Rating(
        rag=computed_value, computed_rag=computed_value, overridden=False, reason="",
        explanation=explanation,
    )


def rate(indicator: Indicator, *, returns: Returns, period: dt.date) -> Rating:
    """Rate ``indicator`` at ``period`` from its returns (see ``rate_figures`` for the rules).

    The figure is ``headline`` (FYTD for monthly indicators); last year's is
    the same period a year earlier; the override, if any, is the one on the
    return for ``period``.
    """
    by_period = _by_period(returns)
    period = month_start(period)
    ret = by_period.get(period)
    return rate_figures(
        indicator,
        current=headline(indicator, by_period, period),
        last_year=last_year_headline(indicator, by_period, period),
        months_reported=month_of_financial_year(period),
        rag_override=(ret.rag_override if ret is not None else "") or "",
        rag_override_reason=(ret.rag_override_reason if ret is not None else "") or "",
    )

