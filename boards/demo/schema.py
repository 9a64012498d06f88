"""Reading the demo YAML files and checking their shape (see ``boards.demo.loader``).

Every check raises DemoDataError with a message that starts with the file and the entry, so a
bad entry in ``boards/demo/*.yaml`` is found without reading a traceback.
"""
import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from django.db import models

from boards.models import SecurityClassification

TZ = ZoneInfo("Europe/London")

SECURITY_SPELLINGS = {
    "[RESTRICTED]": SecurityClassification.RESTRICTED,
    "RESTRICTED": SecurityClassification.RESTRICTED,
    "[UNPROTECTED]": SecurityClassification.UNRESTRICTED,
    "[Unrestricted]": SecurityClassification.UNRESTRICTED,
    "]UNRESTRICTED]": SecurityClassification.UNRESTRICTED,
    "restricted": SecurityClassification.RESTRICTED,
    "unrestricted": SecurityClassification.UNRESTRICTED,
}
"""The seed's five spellings of a paper's security, mapped to the one controlled list
(DOMAIN.md: Papers). The controlled values themselves are accepted too."""

_TOP_LEVEL = {
    "board_kinds", "organisations", "people", "boards", "meetings", "meeting", "papers", "reports",
    "board", "actions", "forward_plan", "plans",
}
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class DemoDataError(ValueError):
    """A demo YAML entry is malformed or names something unknown.

    The message starts with the file and the entry, e.g.
    ``actions.yaml: actions[4] (number 5): unknown person 'Tim Barfot'``.
    """


def normalise_security(spelling: str, where: str = "") -> str:
    """Map a seed spelling ("[RESTRICTED]", "]UNRESTRICTED]"…) to a SecurityClassification value.

    Raises DemoDataError for a spelling not in SECURITY_SPELLINGS.
    """
    try:
        return SECURITY_SPELLINGS[spelling.strip()]
    except KeyError:
        raise DemoDataError(f"{where}: unknown security classification {spelling!r}") from None


Entry = tuple[str, dict[str, Any]]


def read_files(data_dir: Path) -> dict[str, list[Entry]]:
    """Parse the YAML files into entries tagged with "file: key[index]" for error messages."""
    buckets: dict[str, list[Entry]] = {
        k: [] for k in ("board_kinds", "organisations", "people", "boards", "meetings",
                        "papers", "reports", "actions", "forward_plan", "plans")
    }
    files = sorted(data_dir.glob("*.yaml"))
    if not files:
        raise DemoDataError(f"{data_dir}: no demo YAML files")
    for path in files:
        name = path.name
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise DemoDataError(f"{name}: not valid YAML: {exc}") from exc
        doc = fields(doc, name, {}, {k: object for k in _TOP_LEVEL})
        context: dict[str, Any] = {}
        if "meeting" in doc:
            ref = fields(doc["meeting"], f"{name}: meeting", {"board": str, "date": dt.date}, {})
            context["meeting"] = (ref["board"], ref["date"])
        if "board" in doc:
            context["board"] = check(doc["board"], str, f"{name}: board")
        needs = {"papers": "meeting", "reports": "meeting", "actions": "board",
                 "forward_plan": "board"}
        for key, value in doc.items():
            if key in ("meeting", "board"):
                continue
            if key in needs and needs[key] not in context:
                raise DemoDataError(f"{name}: '{key}' needs a file-level '{needs[key]}'")
            for i, entry in enumerate(check(value, list, f"{name}: {key}")):
                if not isinstance(entry, dict):
                    raise DemoDataError(f"{name}: {key}[{i}]: expected a mapping")
                extra = {needs[key]: context[needs[key]]} if key in needs else {}
                buckets[key].append((f"{name}: {key}[{i}]", {**entry, **extra}))
    return buckets


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true/false", dt.date: "a date",
               list: "a list", dict: "a mapping", object: "a value"}


def check(value: Any, kind: type, where: str) -> Any:
    """Return ``value`` if it is a ``kind`` (str, int, bool, date, list, dict); else raise."""
    # bool is an int and datetime a date to Python, never to a YAML author.
    wrong = (kind is int and isinstance(value, bool)) or (
        kind is dt.date and isinstance(value, dt.datetime))
    if wrong or not isinstance(value, kind):
        raise DemoDataError(f"{where}: expected {_TYPE_NAMES.get(kind, kind)}, got {value!r}")
    return value


def fields(entry: Any, where: str, required: dict[str, type], optional: dict[str, type]) -> dict:
    """Check ``entry`` is a mapping with the required keys, no unknown keys, values of the
    right type (a None value counts as absent). Returns the entry without None values."""
    if not isinstance(entry, dict):
        raise DemoDataError(f"{where}: expected a mapping, got {entry!r}")
    unknown = sorted(set(entry) - set(required) - set(optional))
    if unknown:
        raise DemoDataError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")
    entry = {k: v for k, v in entry.items() if v is not None}
    for key in required:
        if key not in entry:
            raise DemoDataError(f"{where}: missing required field {key!r}")
    for key, kind in {**required, **optional}.items():
        if key in entry:
            check(entry[key], kind, f"{where}: field {key!r}")
    return entry


def choice(value: str, choices: type[models.TextChoices], where: str) -> str:
    """Return ``value`` if it is one of the model's choices (e.g. Meeting.Status); else raise."""
    if value not in choices.values:
        allowed = ", ".join(repr(v) for v in choices.values)
        raise DemoDataError(f"{where}: {value!r} is not one of {allowed}")
    return value


def text(value: Any) -> str:
    """Trim a YAML text: outer blank lines and trailing spaces go, inner indentation stays."""
    if value is None:
        return ""
    return "\n".join(line.rstrip() for line in str(value).strip("\n").splitlines()).strip()


def name_key(name: str) -> str:
    """How a person's name or alias is matched: spacing and case do not count."""
    return " ".join(name.split()).casefold()


def security_of(e: dict, where: str) -> tuple[str, int | None]:
    """(security, exempt_paragraph) of a paper or report; restricted needs paragraph 1–7."""
    security = normalise_security(e.get("security", "unrestricted"), where)
    paragraph = e.get("exempt_paragraph")
    if paragraph is not None and not 1 <= paragraph <= 7:
        raise DemoDataError(f"{where}: exempt_paragraph must be 1–7, got {paragraph}")
    if security == SecurityClassification.RESTRICTED and paragraph is None:
        raise DemoDataError(f"{where}: a restricted paper needs an exempt_paragraph")
    return security, paragraph


def local_datetime(day: dt.date, hhmm: str, where: str) -> dt.datetime:
    """An aware Europe/London datetime from a date and "HH:MM"."""
    match = _TIME.match(hhmm)
    if match is None:
        raise DemoDataError(f"{where}: time {hhmm!r} is not HH:MM (quote it in YAML)")
    return dt.datetime.combine(day, dt.time(int(match[1]), int(match[2])), tzinfo=TZ)


