"""Reads for the import page: which indicators a returns template lists, and for which month."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from indicators.models import Indicator
from indicators.performance import add_months, month_start

from .checks import QUARTER_ENDS, YEAR_END


def default_template_period(today: dt.date) -> dt.date:
    """The period a template is for unless asked: last month (its figures are now in)."""
    return add_months(month_start(today), -1)


def template_indicators(indicators: Iterable[Indicator], period: dt.date) -> list[Indicator]:
    """Of ``indicators``, those a template for ``period`` lists: not in development,
    quarterly ones only at a quarter's last month and annual ones only in March."""
    return [
        i for i in indicators
        if not i.in_development
        and (i.frequency != Indicator.Frequency.QUARTERLY or period.month in QUARTER_ENDS)
        and (i.frequency != Indicator.Frequency.ANNUAL or period.month == YEAR_END)
    ]
