"""What a partnership import works with: what the importer may change (Scope), the rows
checked and refused (Row, RowError, Checked), and the names the rows use, from the workbook
and the portal (Names). See partnerships.checks."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from boards.models import Board, Organisation, Person

from . import values as v
from .workbook import Sheet

AMBIGUOUS = object()


@dataclass(frozen=True)
class Scope:
    """What an import may change: everything (staff, the command), or the boards ``managed``
    (their pks) and, with ``may_add_top``, new top boards. Anyone who may import may add
    and change organisations and people."""

    everything: bool = False
    may_add_top: bool = False
    managed: frozenset[int] = frozenset()


@dataclass(frozen=True)
class RowError:
    """A refused row: its sheet, row number (the header is row 1) and every reason."""

    sheet: str
    row: int
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row}: {self.reason}"


@dataclass(frozen=True)
class Row:
    """A checked row: its sheet, number and values, naming other rows by canonical name."""

    sheet: str
    number: int
    values: dict[str, Any]


@dataclass
class Checked:
    """The workbook checked: rows ready to write (parents before children), new kinds of
    board, and every refused row. ``ok`` when no row was refused."""

    new_kinds: list[str] = field(default_factory=list)
    organisations: list[Row] = field(default_factory=list)
    boards: list[Row] = field(default_factory=list)
    people: list[Row] = field(default_factory=list)
    memberships: list[Row] = field(default_factory=list)
    plan: Row | None = None
    priorities: list[Row] = field(default_factory=list)
    actions: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class Names:
    """Canonical names by key (partnerships.values.key): the workbook's first, then the
    portal's; a key two of the portal's organisations or people share is AMBIGUOUS. Also
    the portal's boards by slug."""

    def __init__(self, sheets: dict[str, Sheet]) -> None:
        self.orgs: dict[str, Any] = {}
        for o in Organisation.objects.all():
            for label in (o.name, o.short_name):
                if label:
                    self._add(self.orgs, v.key(label), o.name)
        for row in sheet_rows(sheets, "organisations"):
            name = v.text(row.cells.get("name"))
            for label in (name, v.text(row.cells.get("short_name"))):
                if label:
                    self.orgs[v.key(label)] = name
        self.people: dict[str, Any] = {}
        for name in Person.objects.values_list("name", flat=True):
            self._add(self.people, v.key(name), name)
        for row in sheet_rows(sheets, "people"):
            name = v.text(row.cells.get("name"))
            if name:
                self.people[v.key(name)] = name
        self.db_boards = {b.slug: b for b in Board.objects.all()}

    @staticmethod
    def _add(index: dict[str, Any], key: str, name: str) -> None:
        index[key] = AMBIGUOUS if index.get(key, name) != name else name


def sheet_rows(sheets: dict[str, Sheet], name: str) -> list:
    """The rows of sheet ``name``, or none when the workbook has no such sheet."""
    return sheets[name].rows if name in sheets else []
