"""Reading one cell of the partnership workbook: text, yes/no, dates, financial years,
roles, RAG and status words. Each function raises ValueError with the reason, written for
the person who filled in the sheet."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from actions.models import Action, RagStatus
from actions.plan.targets import parse_date
from boards.models import Membership

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
ROLES = {
    "chair": Membership.Role.CHAIR, "vice_chair": Membership.Role.VICE_CHAIR,
    "clerk": Membership.Role.CLERK, "contact_officer": Membership.Role.CLERK,
    "officer": Membership.Role.OFFICER, "minute_taker": Membership.Role.MINUTE_TAKER,
    "member": Membership.Role.MEMBER, "adviser": Membership.Role.ADVISER,
    "advisor": Membership.Role.ADVISER, "analyst": Membership.Role.ANALYST,
}
RAGS = {"r": RagStatus.RED, "red": RagStatus.RED, "a": RagStatus.AMBER,
        "amber": RagStatus.AMBER, "g": RagStatus.GREEN, "green": RagStatus.GREEN}
STATUSES = {"open": Action.Status.OPEN, "closed": Action.Status.CLOSED}
_FY = re.compile(r"(\d{4})\s*/\s*(\d{2}|\d{4})")
_SLUG = re.compile(r"^[a-z0-9][-a-z0-9_]*$")


def text(value: Any) -> str:
    """A cell as text: numbers without a trailing ".0", dates as YYYY-MM-DD, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").strip()


def key(value: Any) -> str:
    """How names are matched across sheets and with the portal: spacing and case don't count."""
    return " ".join(text(value).split()).casefold()


def word(value: Any) -> str:
    """A choice word as matched: case, spaces and hyphens don't count ("Vice-chair")."""
    return re.sub(r"[\s-]+", "_", text(value).lower())


def yes_no(value: Any, column: str) -> bool:
    """yes/no, y/n, true/false, 1/0; blank is no."""
    if isinstance(value, bool):
        return value
    lowered = text(value).lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise ValueError(f'{column} "{text(value)}" is not yes or no')


def limited(value: Any, column: str, limit: int, *, required: bool = False) -> str:
    """The cell as text of at most ``limit`` characters; "is missing" when required."""
    result = text(value)
    if required and not result:
        raise ValueError(f"{column} is missing")
    if len(result) > limit:
        raise ValueError(f"{column} is longer than {limit} characters")
    return result


def slug(value: Any, column: str) -> str:
    """A board's web address name: lower-case letters, digits, hyphens and underscores."""
    result = text(value)
    if not result:
        raise ValueError(f"{column} is missing")
    if not _SLUG.match(result) or len(result) > 100:
        raise ValueError(f'{column} "{result}" must be lower-case letters, digits and hyphens, '
                         "for example vawg")
    return result


def date(value: Any, column: str) -> dt.date | None:
    """A date cell or text (2018-03-28, 28/03/2018, 28 March 2018); None when blank."""
    return parse_date(value, label=column)


def period_start(value: Any, column: str) -> dt.date:
    """The start of a plan's period: a date, or a financial year ("2017/18": 1 April 2017)."""
    match = _FY.fullmatch(text(value))
    if match:
        return dt.date(int(match[1]), 4, 1)
    result = date(value, column)
    if result is None:
        raise ValueError(f"{column} is missing")
    return result


def period_end(value: Any, column: str) -> dt.date:
    """The end of a plan's period: a date, or a financial year ("2019/20": 31 March 2020)."""
    match = _FY.fullmatch(text(value))
    if match:
        return dt.date(int(match[1]) + 1, 3, 31)
    result = date(value, column)
    if result is None:
        raise ValueError(f"{column} is missing")
    return result


def choice(value: Any, column: str, words: dict[str, str], shown: str) -> str:
    """The value ``words`` gives for the cell; ValueError naming ``shown`` choices."""
    found = words.get(word(value))
    if found is None:
        written = text(value)
        raise ValueError(f"{column} is missing: write {shown}" if not written else
                         f'{column} "{written}" is not {shown}')
    return found
