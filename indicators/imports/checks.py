"""Importing KPI returns from the analyst's spreadsheet: the file format and its checks.

DOMAIN.md: Performance ("KPI returns"). The analyst keeps the monthly figures in a
spreadsheet; the board's officers upload it as CSV or XLSX and every row becomes
(or updates) one IndicatorReturn through ``indicators.returns.services.indicator_return_save``.

File format
-----------
The first row names the columns; every further row is one indicator's return for
one month. Column names are matched without regard to case, and a space counts as
an underscore ("FYTD reported" is ``fytd_reported``).

- ``indicator`` (required): the indicator's reference on the board, e.g. ``1a``.
- ``period`` (required): the month the figures are for, written ``YYYY-MM``
  (``2018-01``); in an XLSX file a date cell on the first of a month also does.
  A quarterly indicator's period is the quarter's last month (March, June,
  September or December); an annual one's the financial year's last month
  (March); a cohort's is the cohort's last month.
- ``value``: the month's figure.
- ``fytd_reported``: the financial-year-to-date figure as the source reports it.
- ``london_change_pct``: the London-wide FYTD change in per cent (may be negative).
- ``london_comparator``: the London comparator as printed, when it is not a change
  (at most 200 characters).
- ``cohort_label``: e.g. "October to December 2015" (at most 100 characters).
- ``performance_overview`` and ``actions_to_improve``: the commentary.

Every column but ``indicator`` and ``period`` may be left out of the file (the
import then leaves that field of existing returns alone) or left blank in a row
(no figure, no text). A row whose every other column is blank is skipped. Numbers
may use thousands separators (``1,319``) and, for percentages (a percentage
indicator's ``value`` and ``fytd_reported``, and ``london_change_pct``), a trailing
``%``; nothing else. At most two decimal places; counts are whole numbers and never
negative, rates never negative, percentages between 0 and 100.

A row is refused when its indicator is unknown, in development or not one the
user may edit (they must be an officer of its owning subgroup, or the board's
chair or clerk), when its period is malformed, in the future or not allowed by the
indicator's frequency, when the same indicator and period appear twice in the
file, or when a figure breaks the rules above. One refused row refuses the file.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from boards.access import BoardAccess
from boards.models import Board
from indicators.definitions.selectors import indicators_editable_by
from indicators.models import Indicator
from indicators.performance import month_start

from .files import (
    COLUMNS,
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    REQUIRED_COLUMNS,
    ImportFileError,
    SourceTable,
    cell_echo,
    decimal_text,
    read_returns_file,
)

__all__ = [
    "COLUMNS", "COLUMN_HELP", "MAX_FILE_BYTES", "ImportCheck", "ImportFileError", "ReturnRow",
    "RowError", "check_returns", "read_returns_file",
]

FIGURE_COLUMNS = ("value", "fytd_reported", "london_change_pct")
TEXT_LIMITS = {
    "london_comparator": 200, "cohort_label": 100,
    "performance_overview": None, "actions_to_improve": None,
}
COLUMN_HELP = (
    ("indicator", True, 'The indicator\'s reference, e.g. "1a".'),
    ("period", True, 'The month, written YYYY-MM, e.g. "2018-01". A quarterly indicator '
                     "uses the quarter's last month."),
    ("value", False, "The month's figure."),
    ("fytd_reported", False, "The financial year to date figure, as the source reports it."),
    ("london_change_pct", False, 'The London-wide change in per cent, e.g. "-2.1" or "13.0%".'),
    ("london_comparator", False, "The London comparator as printed, when it is not a change."),
    ("cohort_label", False, 'For a cohort, e.g. "October to December 2015".'),
    ("performance_overview", False, "The performance overview."),
    ("actions_to_improve", False, "Actions to sustain or improve performance."),
)
"""(column, required, what it holds) for the import page."""

_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_PERIOD = re.compile(r"(\d{4})-(\d{2})")
QUARTER_ENDS = (3, 6, 9, 12)
YEAR_END = 3  # an annual return is dated by the financial year's last month
# Limits of the model's DecimalFields: value and fytd_reported (14, 2), London change (7, 2).
_FIGURE_LIMITS = {
    "value": Decimal("1e12"), "fytd_reported": Decimal("1e12"), "london_change_pct": Decimal("1e5"),
}


@dataclass(frozen=True)
class ReturnRow:
    """A checked row, ready for ``indicator_return_save``: ``values`` holds the file's columns."""

    number: int
    indicator: Indicator
    period: dt.date
    values: dict[str, Any]


@dataclass(frozen=True)
class RowError:
    """A refused row: its number, indicator and period as written, and every reason."""

    number: int
    indicator: str
    period: str
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class ImportCheck:
    """The outcome of checking every row: good rows, refused rows and skipped blank rows."""

    rows: list[ReturnRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Checking the rows ----------------------------------------------------------------------



def _text(value: Any) -> str:
    """A cell as text: numbers without a trailing ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return decimal_text(Decimal(str(value)))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).replace("\r\n", "\n").strip()


def parse_period(value: Any) -> dt.date:
    """A period cell → the first day of its month. Raises ValueError with the reason.

    Text must be ``YYYY-MM``; a date (an XLSX date cell) must be the first of a month.
    """
    if isinstance(value, (dt.date, dt.datetime)):
        day = value.date() if isinstance(value, dt.datetime) else value
        if day.day != 1:
            raise ValueError(f"Period {day:%Y-%m-%d} is a day, not a month: write {day:%Y-%m}")
        return day
    text = _text(value)
    if not text:
        raise ValueError("Period is missing")
    match = _PERIOD.fullmatch(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(
            f'Period "{cell_echo(text)}" is not a month written YYYY-MM, e.g. 2018-01'
        )
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def parse_number(value: Any, *, column: str, percent_allowed: bool) -> tuple[Decimal | None, bool]:
    """A figure cell → (Decimal or None when blank, whether it ended in "%").

    Accepts plain numbers and numbers with thousands separators ("1,319"), and a
    trailing "%" when ``percent_allowed``. Raises ValueError with the reason.
    """
    if isinstance(value, bool):
        raise ValueError(f"{column} is not a number")
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValueError(f"{column} is not a number")
        return number, False
    text = _text(value)
    if not text:
        return None, False
    percent = text.endswith("%")
    digits = text[:-1].strip() if percent else text
    if percent and not percent_allowed:
        raise ValueError(f'{column} "{cell_echo(text)}" is a percentage; this figure is not one')
    if not (_PLAIN_NUMBER.fullmatch(digits) or _GROUPED_NUMBER.fullmatch(digits)):
        raise ValueError(f'{column} "{cell_echo(text)}" is not a number')
    try:
        return Decimal(digits.replace(",", "")), percent
    except InvalidOperation as exc:  # pragma: no cover - the patterns admit only numbers
        raise ValueError(f'{column} "{cell_echo(text)}" is not a number') from exc


def _figure_reasons(indicator: Indicator, column: str, number: Decimal) -> list[str]:
    """Why ``number`` cannot be ``column`` of ``indicator`` (empty when it can)."""
    shown = decimal_text(number)
    reasons: list[str] = []
    if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):
        reasons.append(f"{column} {shown} has more than 2 decimal places")
    if abs(number) >= _FIGURE_LIMITS[column]:
        reasons.append(f"{column} {shown} is too large")
    if column == "london_change_pct":
        return reasons
    unit = indicator.unit
    if unit == Indicator.Unit.PERCENTAGE and not 0 <= number <= 100:
        reasons.append(f"{column} {shown}% is a percentage outside 0% to 100%")
    elif unit != Indicator.Unit.PERCENTAGE and number < 0:
        reasons.append(f"{column} {shown} is negative; a {indicator.get_unit_display().lower()} "
                       "cannot be")
    if unit == Indicator.Unit.COUNT and number != number.to_integral_value():
        reasons.append(f"{column} {shown} is not a whole number; indicator "
                       f"{indicator.reference} is a count")
    return reasons


def _period_reasons(indicator: Indicator, period: dt.date, today: dt.date) -> list[str]:
    if period > month_start(today):
        return [f"Period {period:%Y-%m} has not started yet"]
    if indicator.frequency == Indicator.Frequency.QUARTERLY and period.month not in QUARTER_ENDS:
        return [f"Indicator {indicator.reference} is quarterly: the period must be a quarter's "
                "last month (March, June, September or December)"]
    if indicator.frequency == Indicator.Frequency.ANNUAL and period.month != YEAR_END:
        return [f"Indicator {indicator.reference} is annual: the period must be the financial "
                f"year's last month, March (e.g. {period.year + (period.month > 3)}-03)"]
    return []


def _values(
    indicator: Indicator | None, cells: dict[str, Any], columns: Iterable[str]
) -> tuple[dict[str, Any], list[str]]:
    """The row's return values for the file's columns, and the reasons they are refused."""
    values: dict[str, Any] = {}
    reasons: list[str] = []
    for column in columns:
        raw = cells.get(column)
        if column in FIGURE_COLUMNS:
            # Without a known indicator its unit is unknown: say only what else is wrong.
            percent_ok = column == "london_change_pct" or (
                indicator is None or indicator.unit == Indicator.Unit.PERCENTAGE
            )
            try:
                number, _ = parse_number(raw, column=column, percent_allowed=percent_ok)
            except ValueError as exc:
                reasons.append(str(exc))
                continue
            if number is not None and indicator is not None:
                reasons.extend(_figure_reasons(indicator, column, number))
            values[column] = number
        elif column in TEXT_LIMITS:
            text = _text(raw)
            limit = TEXT_LIMITS[column]
            if limit and len(text) > limit:
                reasons.append(f"{column} is longer than {limit} characters")
            values[column] = text
    return values, reasons


def check_returns(
    *, table: SourceTable, user: Any, access: BoardAccess, today: dt.date
) -> ImportCheck:
    """Check every row of ``table`` against the board's indicators before anything is saved.

    Returns an ImportCheck: ``rows`` (ReturnRow, in file order) when every row
    is good, ``errors`` (RowError, one per refused row with every reason, in
    file order) otherwise, and ``skipped``: rows with an indicator and period
    but no figure or text. ``today`` decides which periods are in the future.
    The rules are in the module docstring. A fixed number of queries, whatever
    the number of rows.
    """
    board: Board = access.board
    by_reference = {
        i.reference.strip().lower(): i
        for i in Indicator.objects.filter(board=board).select_related("owning_subgroup")
    }
    editable = {i.pk for i in indicators_editable_by(user=user, access=access)}
    value_columns = [c for c in table.columns if c not in REQUIRED_COLUMNS]
    seen: dict[tuple[int, dt.date], int] = {}
    check = ImportCheck()
    for row in table.rows:
        reference = _text(row.cells.get("indicator"))
        reasons: list[str] = []
        indicator = by_reference.get(reference.lower()) if reference else None
        if not reference:
            reasons.append("Indicator is missing")
        elif indicator is None:
            reasons.append(f'There is no indicator "{cell_echo(reference)}" on {board.name}')
        elif indicator.in_development:
            reasons.append(f"Indicator {indicator.reference} is in development and takes "
                           "no returns")
            indicator = None
        elif indicator.pk not in editable:
            reasons.append(f"You may not enter returns for indicator {indicator.reference}: "
                           f"it belongs to {indicator.owning_subgroup.name}")
            indicator = None
        try:
            period = parse_period(row.cells.get("period"))
        except ValueError as exc:
            reasons.append(str(exc))
            period = None
        if indicator is not None and period is not None:
            reasons.extend(_period_reasons(indicator, period, today))
            first = seen.setdefault((indicator.pk, period), row.number)
            if first != row.number:
                reasons.append(f"Indicator {indicator.reference} for {period:%Y-%m} is also "
                               f"on row {first}")
        values, value_reasons = _values(indicator, row.cells, value_columns)
        reasons.extend(value_reasons)
        reasons.extend(
            f"The {column} cell holds more than {MAX_CELL_CHARS:,} characters"
            for column in row.too_long
        )
        if reasons:
            check.errors.append(RowError(
                number=row.number, indicator=cell_echo(reference),
                period=cell_echo(_text(row.cells.get("period"))), reasons=tuple(reasons),
            ))
        elif all(v in (None, "") for v in values.values()):
            check.skipped += 1
        else:
            check.rows.append(ReturnRow(
                number=row.number, indicator=indicator, period=period, values=values
            ))
    if check.errors:
        check.rows = []
    return check

