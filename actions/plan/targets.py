"""A target as plans and action logs write it: a date, a month, "Date TBC" or "Ongoing".

DOMAIN.md: Action log ("a target completion date (or "Date TBC")") and The partnership
plan (timescales such as "October 2017" or "Ongoing").
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTH = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_LONG = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})")
TBC_WORDS = {"tbc", "date tbc", "to be confirmed"}
ONGOING_WORDS = {"ongoing", "on-going", "on going"}


@dataclass(frozen=True)
class Target:
    """An action's target: ``date`` (a month's last day when ``is_month``), ``tbc`` or
    ``ongoing``; exactly one of date, tbc and ongoing. Maps onto Action's target fields."""

    date: dt.date | None = None
    is_month: bool = False
    tbc: bool = False
    ongoing: bool = False

    def fields(self) -> dict[str, Any]:
        """The Action fields: target_date, target_is_month, target_date_tbc, target_ongoing."""
        return {
            "target_date": self.date, "target_is_month": self.is_month,
            "target_date_tbc": self.tbc, "target_ongoing": self.ongoing,
        }

    @classmethod
    def of(cls, action: Any) -> Target:
        """The target an Action has now."""
        return cls(date=action.target_date, is_month=action.target_is_month,
                   tbc=action.target_date_tbc, ongoing=action.target_ongoing)

    def text(self) -> str:
        """How an import file writes it: "2018-02-28", "October 2017", "TBC" or "Ongoing"."""
        if self.ongoing:
            return "Ongoing"
        if self.date is None:
            return "TBC"
        if self.is_month:
            return f"{self.date:%B %Y}"
        return self.date.isoformat()


def _date(year: int, month: int, day: int, written: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f'"{written}" is not a real date') from None


def parse_date(value: Any, *, label: str = "Date") -> dt.date | None:
    """A date cell or text → a date; None when blank. Raises ValueError saying why.

    Accepts a date, "2018-02-28", "28/02/2018" (day first, as written in England and
    Wales) and "28 February 2018".
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    if match := _ISO.fullmatch(text):
        return _date(int(match[1]), int(match[2]), int(match[3]), text)
    if match := _UK.fullmatch(text):
        return _date(int(match[3]), int(match[2]), int(match[1]), text)
    if (match := _LONG.fullmatch(text)) and match[2].lower() in _MONTHS:
        return _date(int(match[3]), _MONTHS[match[2].lower()], int(match[1]), text)
    raise ValueError(f'{label} "{text}" is not a date: write it like 2018-02-28 or 28/02/2018')


def parse_target(value: Any) -> Target:
    """A target cell or text → a Target. Raises ValueError saying why.

    Accepts what parse_date accepts, a month ("October 2017", "Oct 2017": the
    month's last day, shown as the month), "TBC" or "Date TBC", and "Ongoing"; case
    and surrounding spaces do not count. Blank is an error: a target is required.
    """
    text = value.strip() if isinstance(value, str) else value
    if text in (None, ""):
        raise ValueError('Target date is missing: write a date, a month, "TBC" or "Ongoing"')
    if isinstance(text, str):
        lowered = " ".join(text.lower().split())
        if lowered in TBC_WORDS:
            return Target(tbc=True)
        if lowered in ONGOING_WORDS:
            return Target(ongoing=True)
        match = _MONTH.fullmatch(text)
        if match and match[1].lower() in _MONTHS:
            year, month = int(match[2]), _MONTHS[match[1].lower()]
            last = calendar.monthrange(year, month)[1]
            return Target(date=dt.date(year, month, last), is_month=True)
    try:
        return Target(date=parse_date(text, label="Target date"))
    except ValueError:
        raise ValueError(
            f'Target date "{text}" is not a date, a month like "October 2017", "TBC" or '
            '"Ongoing"'
        ) from None
