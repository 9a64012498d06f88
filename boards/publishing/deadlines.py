"""When an agenda must be published (DOMAIN.md: Publication and access rules).

Local Government Act 1972 Part VA (s.100B): the agenda and reports are open to
the public at least five *clear working days* before the meeting. The day of
publication and the day of the meeting do not count, nor do weekends and bank
holidays in England and Wales.

Bank holidays come from the ``holidays`` package,
``holidays.country_holidays("GB", subdiv="ENG")``. England and Wales share one
list of bank holidays (the Banking and Financial Dealings Act 1971 schedules
them together; Scotland and Northern Ireland differ); the package's "ENG" and
"WLS" subdivisions give the same days, which tests/test_publishing_deadlines.py
checks for 2015-2035.
"""
from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

CLEAR_WORKING_DAYS = 5
"""LGA 1972 s.100B(3): "at least five clear days" (working days, s.100K(1))."""


@cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    """True for Monday to Friday that is not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def clear_working_days(*, meeting_day: dt.date) -> list[dt.date]:
    """The five clear working days before ``meeting_day``, earliest first.

    The meeting day itself never counts (see the module docstring).
    """
    days: list[dt.date] = []
    day = meeting_day
    while len(days) < CLEAR_WORKING_DAYS:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            days.append(day)
    return sorted(days)


def publication_deadline(*, meeting_day: dt.date) -> dt.date:
    """The last working day on which the agenda may be published for a meeting on ``meeting_day``.

    Publication must come before the first of the five clear working days
    (the publication day is not a clear day), and is an office act, so the
    deadline is the last working day before that first clear day. A meeting on
    Wednesday 28 March 2018 has clear days 21, 22, 23, 26 and 27 March, so the
    deadline is Tuesday 20 March 2018 (the seed's publication date).
    """
    day = clear_working_days(meeting_day=meeting_day)[0] - dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def deadline_has_passed(*, meeting_day: dt.date, today: dt.date) -> bool:
    """True when ``today`` is after the publication deadline for ``meeting_day``."""
    return today > publication_deadline(meeting_day=meeting_day)
