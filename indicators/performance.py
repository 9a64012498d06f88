"""Performance rules: financial years, FYTD, year-on-year change and RAG rating.

Pure functions over in-memory ``Indicator`` and ``IndicatorReturn`` objects (or
anything with the same attributes): no queries, no writes. The rules are those
of DOMAIN.md, section "Performance: KPI returns and the performance report",
checked against the 28 March 2018 performance report of the seed.

Conventions used throughout:

- a *period* is the first day of a month (``datetime.date``);
- figures are ``Decimal`` or ``None`` ("not reported"); a month that is not
  reported is never filled in from another year;
- ``returns`` is an iterable of returns of ONE indicator, already filtered by
  the caller (e.g. approved, period on or before the report's "as at").
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Protocol

from .models import Indicator

MONTH_ABBRS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
"""Month labels in financial-year order (April first)."""

QUARTER_LABELS = ["Q1 (Apr–Jun)", "Q2 (Jul–Sep)", "Q3 (Oct–Dec)", "Q4 (Jan–Mar)"]

NO_CHANGE_BAND_PCT = Decimal("0.5")
"""Changes smaller than this (in per cent) read "no change 0%".

The seed prints violence with injury, 1785 against 1791 (−0.3%), as
"no change 0% (down 6 offences)"; the absolute change is still given.
"""

_ONE_DP = Decimal("0.1")


class ReturnLike(Protocol):
    """The attributes of an ``IndicatorReturn`` these functions read."""

    period: dt.date
    value: Decimal | None
    fytd_reported: Decimal | None
    rag_override: str
    rag_override_reason: str


Returns = Iterable[ReturnLike] | Mapping[dt.date, ReturnLike]


# --- Periods --------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class FinancialYear:
    """A UK financial year, 1 April ``start_year`` to 31 March ``start_year + 1``.

    See DOMAIN.md: Periods ("The UK financial year runs April to March").
    """

    start_year: int

    @property
    def label(self) -> str:
        """``"2017/18"``."""
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    def months(self) -> list[dt.date]:
        """The twelve periods (first of each month), April to March."""
        return list(_financial_year_months(self.start_year))

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label


@cache
def _financial_year_months(start_year: int) -> tuple[dt.date, ...]:
    # Worked out once per year: a large dashboard asks for them thousands of times.
    start = dt.date(start_year, 4, 1)
    return tuple(add_months(start, i) for i in range(12))


def financial_year(day: dt.date) -> FinancialYear:
    """The financial year ``day`` falls in: 2018-01-15 → 2017/18, 2018-04-01 → 2018/19."""
    return FinancialYear(day.year if day.month >= 4 else day.year - 1)


def financial_year_months(year: FinancialYear | dt.date) -> list[dt.date]:
    """The twelve month periods of a financial year (or of the one ``year`` falls in)."""
    fy = year if isinstance(year, FinancialYear) else financial_year(year)
    return fy.months()


def month_start(day: dt.date) -> dt.date:
    """The period ``day`` belongs to (the first of its month)."""
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after (or before, if negative) ``day``'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_of_financial_year(day: dt.date) -> int:
    """1 for April … 12 for March: how many months a FYTD figure at ``day`` covers."""
    return (day.month - 4) % 12 + 1


def same_period_last_year(period: dt.date) -> dt.date:
    """The period twelve months earlier (DOMAIN.md: compare with the same months last year)."""
    return add_months(month_start(period), -12)


def period_label(period: dt.date) -> str:
    """``"January 2018"``."""
    return f"{period:%B %Y}"


# --- Figures --------------------------------------------------------------------------------


def _by_period(returns: Returns) -> Mapping[dt.date, ReturnLike]:
    if isinstance(returns, Mapping):
        return returns
    return {r.period: r for r in returns}


def _is_summable(indicator: Indicator) -> bool:
    # Percentages and rates are never added up: only counts make a FYTD by summing months.
    return indicator.unit == Indicator.Unit.COUNT


def month_values(returns: Returns, year: FinancialYear) -> list[Decimal | None]:
    """The reported ``value`` of each month of ``year``, April first; None where not reported."""
    by_period = _by_period(returns)
    out: list[Decimal | None] = []
    for month in year.months():
        ret = by_period.get(month)
        out.append(ret.value if ret is not None else None)
    return out


def month_series(
    indicator: Indicator, returns: Returns, year: FinancialYear
) -> list[Decimal | None]:
    """What a monthly chart plots for ``year``: month values, or for percentages the FYTD rate.

    A percentage indicator such as repeat MARAC referrals is reported as a
    cumulative FYTD rate each month, never as a month figure to be summed.
    """
    by_period = _by_period(returns)
    out: list[Decimal | None] = []
    for month in year.months():
        ret = by_period.get(month)
        if ret is None:
            out.append(None)
        elif ret.value is not None:
            out.append(ret.value)
        elif indicator.unit != Indicator.Unit.COUNT:
            out.append(ret.fytd_reported)
        else:
            out.append(None)
    return out


def months_sum(returns: Returns, period: dt.date) -> Decimal | None:
    """Sum of the month values from April to ``period``; None if any of those months is missing.

    Missing months are never filled in from another year (DOMAIN.md: "Months
    not yet reported are empty, not copied from last year").
    """
    by_period = _by_period(returns)
    total = Decimal(0)
    period = month_start(period)
    for month in _financial_year_months(financial_year(period).start_year):
        if month > period:
            break
        ret = by_period.get(month)
        if ret is None or ret.value is None:
            return None
        total += ret.value
    return total


def fytd(indicator: Indicator, returns: Returns, period: dt.date) -> Decimal | None:
    """Financial-year-to-date figure at ``period``.

    The FYTD as reported on the period's return where there is one, else (for
    count indicators only) the sum of the months April..``period``, else None.
    DOMAIN.md: "The report uses the FYTD figure as reported where there is one,
    computes it from the months where there is not".
    """
    ret = _by_period(returns).get(month_start(period))
    if ret is not None and ret.fytd_reported is not None:
        return ret.fytd_reported
    if not _is_summable(indicator):
        return None
    return months_sum(returns, period)


def last_year_fytd(indicator: Indicator, returns: Returns, period: dt.date) -> Decimal | None:
    """The FYTD at the same period of the previous financial year (reported, else computed)."""
    return fytd(indicator, returns, same_period_last_year(period))


def headline(indicator: Indicator, returns: Returns, period: dt.date) -> Decimal | None:
    """The figure the report rates and prints for ``period``.

    Monthly indicators: the FYTD (see ``fytd``). Quarterly and cohort
    indicators: the period's own figure (a rolling twelve-month count such as
    first time entrants, or a cohort's rate such as proven reoffending), or
    its reported FYTD if it has one.
    """
    if indicator.frequency == Indicator.Frequency.MONTHLY:
        return fytd(indicator, returns, period)
    ret = _by_period(returns).get(month_start(period))
    if ret is None:
        return None
    return ret.fytd_reported if ret.fytd_reported is not None else ret.value


def last_year_headline(indicator: Indicator, returns: Returns, period: dt.date) -> Decimal | None:
    """``headline`` at the same period a year earlier."""
    return headline(indicator, returns, same_period_last_year(period))


# --- Change ---------------------------------------------------------------------------------


def round_1dp(value: Decimal) -> Decimal:
    """Round half up to one decimal place (26.09 → 26.1; 5.13 → 5.1)."""
    return value.quantize(_ONE_DP, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class YearOnYear:
    """This year's figure against last year's.

    ``absolute`` is ``current − previous`` in the indicator's unit; ``pct_exact``
    the change in per cent of ``previous`` (None when ``previous`` is 0) and
    ``pct`` the same rounded to 1 dp, as printed.
    """

    current: Decimal
    previous: Decimal
    absolute: Decimal
    pct_exact: Decimal | None

    @property
    def pct(self) -> Decimal | None:
        return None if self.pct_exact is None else round_1dp(self.pct_exact)


def year_on_year(current: Decimal | None, previous: Decimal | None) -> YearOnYear | None:
    """The change from ``previous`` to ``current``; None when either is missing."""
    if current is None or previous is None:
        return None
    current, previous = Decimal(current), Decimal(previous)
    pct = None if previous == 0 else (current - previous) * 100 / previous
    return YearOnYear(
        current=current, previous=previous, absolute=current - previous, pct_exact=pct
    )


def format_number(value: Decimal | int | float | None) -> str:
    """Print a figure the way the report does: ``1319``, ``140.8``; ``""`` for None.

    No thousands separators, as in the seed's tables and headlines.
    """
    if value is None:
        return ""
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return str(int(value))
    return str(round_1dp(value))


def format_figure(value: Decimal | None, unit: str) -> str:
    """A figure with its unit sign: ``1319``, ``17.9%``, ``28%``; ``""`` for None."""
    if value is None:
        return ""
    if unit == Indicator.Unit.PERCENTAGE:
        return f"{format_number(value)}%"
    return format_number(value)


def _units(count: Decimal, unit_label: str) -> str:
    label = unit_label.strip()
    if abs(count) == 1 and label.endswith("s"):
        label = label[:-1]
    return f"{format_number(abs(count))} {label}".rstrip()


def change_phrase(
    change: YearOnYear,
    *,
    unit_label: str,
    unit: str = Indicator.Unit.COUNT,
    no_change_band_pct: Decimal = NO_CHANGE_BAND_PCT,
) -> str:
    """The report's wording of a year-on-year change.

    Counts and rates: ``"up 26.1% (up 273 offences)"``, ``"down 5.1% (down 81
    offences)"``, ``"no change 0% (down 6 offences)"`` (a change under
    ``no_change_band_pct`` per cent), ``"no change 0% (0 offences)"``; when
    last year was 0 only the absolute part is given. Percentage indicators are
    compared in percentage points: ``"down 8.1 percentage points"``.
    """
    if unit == Indicator.Unit.PERCENTAGE:
        points = round_1dp(change.absolute)
        if points == 0:
            return "no change (0 percentage points)"
        word = "up" if points > 0 else "down"
        return f"{word} {abs(points)} percentage points"
    if change.absolute > 0:
        amount = f"up {_units(change.absolute, unit_label)}"
    elif change.absolute < 0:
        amount = f"down {_units(change.absolute, unit_label)}"
    else:
        amount = _units(Decimal(0), unit_label)
    if change.pct_exact is None:
        return amount
    if abs(change.pct_exact) < no_change_band_pct:
        return f"no change 0% ({amount})"
    word = "up" if change.pct_exact > 0 else "down"
    return f"{word} {abs(change.pct)}% ({amount})"


def london_change_text(pct: Decimal | None) -> str:
    """The London-wide change as the summary table prints it: ``"Up 13.0%"``; ``""`` if None."""
    if pct is None:
        return ""
    pct = round_1dp(Decimal(pct))
    if pct == 0:
        return "No change 0.0%"
    return f"{'Up' if pct > 0 else 'Down'} {abs(pct)}%"


# --- Quarters, direction of travel, FYTD check -----------------------------------------------


@dataclass(frozen=True)
class QuarterTotal:
    """A quarter of a financial year: its label, months and total (None unless all reported)."""

    label: str
    months: tuple[dt.date, ...]
    total: Decimal | None


def quarter_totals(returns: Returns, year: FinancialYear) -> list[QuarterTotal]:
    """The four quarter totals of ``year`` from month values (counts only).

    A quarter with a month not reported has total None, so a part quarter is
    never set beside a whole one.
    """
    values = month_values(returns, year)
    months = year.months()
    out: list[QuarterTotal] = []
    for q in range(4):
        chunk = values[q * 3 : q * 3 + 3]
        total = None if any(v is None for v in chunk) else sum(chunk, Decimal(0))
        out.append(QuarterTotal(QUARTER_LABELS[q], tuple(months[q * 3 : q * 3 + 3]), total))
    return out


@dataclass(frozen=True)
class Direction:
    """Direction of travel from the previous period to this one.

    ``movement`` is "up", "down" or "no change"; ``improving`` is True/False
    by the indicator's target type, or None where no direction is better
    (monitoring; a figure inside its range).
    """

    current: Decimal
    previous: Decimal
    movement: str
    improving: bool | None

    @property
    def change(self) -> Decimal:
        return self.current - self.previous


def period_step(indicator: Indicator) -> int:
    """Months between two returns: 1 (monthly), 12 (annual), else 3 (quarterly, cohort)."""
    if indicator.frequency == Indicator.Frequency.MONTHLY:
        return 1
    return 12 if indicator.frequency == Indicator.Frequency.ANNUAL else 3


def period_step_name(indicator: Indicator) -> str:
    """ "month", "year" or "quarter": what one step between returns is called."""
    return {1: "month", 12: "year"}.get(period_step(indicator), "quarter")


def _period_figure(ret: ReturnLike | None) -> Decimal | None:
    if ret is None:
        return None
    return ret.value if ret.value is not None else ret.fytd_reported


def direction_of_travel(
    indicator: Indicator, returns: Returns, period: dt.date
) -> Direction | None:
    """Compare the period's figure with the previous period's (a month, three months or, for
    an annual indicator, a year earlier).

    The period's figure is its value, or its reported FYTD when it has no
    value (a cumulative rate). None when either period is not reported.
    """
    by_period = _by_period(returns)
    period = month_start(period)
    current = _period_figure(by_period.get(period))
    previous = _period_figure(by_period.get(add_months(period, -period_step(indicator))))
    if current is None or previous is None:
        return None
    return _direction(indicator, current, previous)


@dataclass(frozen=True)
class FytdCheck:
    """The FYTD as reported beside the sum of the months (DOMAIN.md: show the difference).

    ``difference`` is ``reported − months_sum`` (burglary at January 2018: 1319 − 1309 = 10).
    """

    period: dt.date
    reported: Decimal
    months_sum: Decimal

    @property
    def difference(self) -> Decimal:
        return self.reported - self.months_sum

    @property
    def differs(self) -> bool:
        return self.difference != 0

    @property
    def message(self) -> str:
        """``"FYTD as reported 1319; the months sum to 1309 (10 more reported)."``"""
        fy = financial_year(self.period).label
        if not self.differs:
            return f"{fy}: FYTD as reported {format_number(self.reported)} matches the months' sum."
        more_less = "more" if self.difference > 0 else "fewer"
        return (
            f"{fy}: FYTD as reported {format_number(self.reported)}; the months sum to "
            f"{format_number(self.months_sum)} ({format_number(abs(self.difference))} "
            f"{more_less} reported)."
        )


def fytd_check(indicator: Indicator, returns: Returns, period: dt.date) -> FytdCheck | None:
    """The reported FYTD against the months' sum at ``period``; None unless both exist.

    Only count indicators have a months' sum (percentages are never summed).
    """
    ret = _by_period(returns).get(month_start(period))
    if ret is None or ret.fytd_reported is None or not _is_summable(indicator):
        return None
    total = months_sum(returns, period)
    if total is None:
        return None
    return FytdCheck(period=month_start(period), reported=ret.fytd_reported, months_sum=total)


def rolling_average_direction(
    indicator: Indicator, returns: Returns, period: dt.date
) -> Direction | None:
    """The period's figure against the average of the twelve periods before it.

    Monthly count indicators only: the twelve months ``period − 12`` to
    ``period − 1`` must all be reported (a part year would be compared with a
    season, not a year). ``previous`` is that average, unrounded. "up" means
    above the rolling twelve-month average; ``improving`` follows the
    indicator's target type as in ``direction_of_travel``. None otherwise.
    """
    if indicator.frequency != Indicator.Frequency.MONTHLY or not _is_summable(indicator):
        return None
    by_period = _by_period(returns)
    period = month_start(period)
    ret = by_period.get(period)
    current = ret.value if ret is not None else None
    if current is None:
        return None
    earlier = [by_period.get(add_months(period, -i)) for i in range(1, 13)]
    if any(r is None or r.value is None for r in earlier):
        return None
    average = sum((r.value for r in earlier), Decimal(0)) / 12
    return _direction(indicator, current, average)


def _direction(indicator: Indicator, current: Decimal, previous: Decimal) -> Direction:
    movement = "up" if current > previous else "down" if current < previous else "no change"
    improving: bool | None = None
    kind = indicator.target_type
    if movement != "no change":
        if kind in (Indicator.TargetType.REDUCTION, Indicator.TargetType.CEILING):
            improving = movement == "down"
        elif kind == Indicator.TargetType.INCREASE:
            improving = movement == "up"
        elif kind == Indicator.TargetType.RANGE:
            lower, upper = indicator.target_lower, indicator.target_upper
            if lower is not None and current < lower:
                improving = movement == "up"
            elif upper is not None and current > upper:
                improving = movement == "down"
    return Direction(current=current, previous=previous, movement=movement, improving=improving)


def direction_phrase(direction: Direction | None, *, against: str) -> str:
    """``"up from 150 (worsening)"``-style words for a direction of travel; ``""`` for None.

    ``against`` names what it is compared with: ``"the previous month"``,
    ``"the average of the previous 12 months (146.2)"``.
    """
    if direction is None:
        return ""
    verdict = {True: " (improving)", False: " (worsening)", None: ""}[direction.improving]
    if direction.movement == "no change":
        return f"no change on {against}"
    return f"{direction.movement} on {against}{verdict}"

