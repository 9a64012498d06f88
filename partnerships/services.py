"""Importing a partnership workbook: every row checked first, then everything written in one
transaction through the owning apps' services, which audit each change.

All or nothing: a refused row saves nothing, and so does a dry run. Importing the same
workbook twice changes nothing the second time (every write is an upsert by natural key
that writes only what differs). The import adds and changes; it never deletes: a
membership ends with an end_date, an action closes with status "closed". A person the import
adds with the importer's own email address is the importer: their login is linked to it, so
a new partnership's clerk who lists themself gets the roles the workbook gives them.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction

from actions.models import Action
from actions.plan.services import (
    PlanActionFields,
    action_find_by_reference,
    action_plan_upsert,
    leads_split,
)
from boards.models import Board, Organisation, Person
from boards.setup import services as setup
from plans import services as plans
from plans.models import Plan, Priority

from .checks import check_workbook
from .rows import Checked, Row, RowError, Scope

__all__ = ["ImportResult", "Scope", "partnership_import"]
from .workbook import SHEETS, Sheet


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do): per sheet the number of rows
    created, updated and unchanged; the kinds of board added; every refused row."""

    counts: dict[str, Counter] = field(default_factory=dict)
    new_kinds: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return bool(self.new_kinds) or any(
            c["created"] or c["updated"] for c in self.counts.values())

    def lines(self) -> list[str]:
        """ "boards: 2 created, 1 updated, 5 unchanged" for each sheet with rows."""
        out = []
        for sheet in SHEETS:
            c = self.counts.get(sheet)
            if c:
                out.append(f"{sheet}: {c['created']} created, {c['updated']} updated, "
                           f"{c['unchanged']} unchanged")
        if self.new_kinds:
            out.append(f"kinds of board added: {', '.join(self.new_kinds)}")
        return out


class _Writer:
    def __init__(self, actor: Any, result: ImportResult) -> None:
        self.actor, self.result = actor, result
        self.plan: Plan | None = None

    def write(self, row: Row, upsert: Any) -> Any:
        """Run one upsert; count its outcome, or record its refusal against the row."""
        try:
            obj, outcome = upsert()
        except (ValidationError, LookupError, ObjectDoesNotExist) as exc:
            reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            self.result.errors.append(RowError(row.sheet, row.number, tuple(reasons)))
            return None
        self.result.counts.setdefault(row.sheet, Counter())[outcome] += 1
        return obj

    # names → objects, as the checks resolved them (canonical names)
    @staticmethod
    def organisation(name: str | None) -> Organisation | None:
        if name is None:
            return None
        return Organisation.objects.get(name__iexact=name)

    @staticmethod
    def person(name: str | None) -> Person | None:
        if name is None:
            return None
        return Person.objects.get(name__iexact=name)

    @staticmethod
    def board(slug: str | None) -> Board | None:
        return Board.objects.get(slug=slug) if slug else None

    def run(self, checked: Checked) -> None:
        for name in checked.new_kinds:
            setup.board_kind_add(name=name, actor=self.actor)
        for row in checked.organisations:
            self.write(row, lambda r=row: setup.organisation_upsert(values=r.values,
                                                                    actor=self.actor))
        for row in checked.boards:
            self.write(row, lambda r=row: setup.board_upsert(actor=self.actor, values={
                **r.values, "kind": setup.board_kind_find(r.values["kind"]),
                "parent": self.board(r.values["parent"]),
            }))
        for row in checked.people:
            values = dict(row.values)
            if "organisation" in values:
                values["organisation"] = self.organisation(values["organisation"])
            self.write(row, lambda r=row, v=values: self._person(v))
        for row in checked.memberships:
            self.write(row, lambda r=row: self._membership(r))
        if checked.plan is not None:
            self.plan = self.write(checked.plan, lambda: plans.plan_upsert(
                board=self.board(checked.plan.values["board"]), actor=self.actor,
                values={k: v for k, v in checked.plan.values.items() if k != "board"},
            ))
        for row in checked.priorities:
            self.write(row, lambda r=row: self._priority(r))
        for row in checked.actions:
            self.write(row, lambda r=row: self._action(r))

    def _person(self, values: dict[str, Any]) -> tuple[Person, str]:
        person, outcome = setup.person_upsert(values=values, actor=self.actor)
        if outcome == "created":
            setup.person_link_importer(person=person, actor=self.actor)
        return person, outcome

    def _membership(self, row: Row) -> Any:
        values = {k: v for k, v in row.values.items() if k != "board"}
        for name in ("person", "organisation"):
            if name in values:
                finder = self.person if name == "person" else self.organisation
                values[name] = finder(values[name])
        return setup.membership_upsert(board=self.board(row.values["board"]), values=values,
                                       actor=self.actor)

    def _priority(self, row: Row) -> Any:
        if self.plan is None:
            raise LookupError("The plan was not saved")
        parent = row.values["parent"]
        values = {**row.values,
                  "parent": self.plan.priorities.get(code=parent) if parent else None}
        return plans.priority_upsert(plan=self.plan, values=values, actor=self.actor)

    def _action(self, row: Row) -> Any:
        values = row.values
        board = self.board(values["board"])
        existing = action_find_by_reference(board=board, reference=values["reference"])
        people, organisations, body = leads_split(
            self.person(name) if kind == "person" else
            self.organisation(name) if kind == "organisation" else name
            for kind, name in values["leads"]
        )
        fields = PlanActionFields(
            reference=values["reference"], description=values["description"],
            target=values["target"], rag_status=values["rag_status"],
            lead_people=people, lead_organisations=organisations, lead_body=body,
            **self._kept(existing, values),
        )
        return action_plan_upsert(board=board, fields=fields, actor=self.actor)

    def _kept(self, existing: Action | None, values: dict[str, Any]) -> dict[str, Any]:
        """The optional fields: the workbook's where it has the column, else the action's."""
        out: dict[str, Any] = {}
        for name in ("outcomes", "resources", "review_date", "status"):
            if name in values:
                out[name] = values[name]
            elif existing is not None:
                out[name] = getattr(existing, name)
        if existing is not None:
            out["focus_area"] = existing.focus_area
        if "priorities" in values:
            out["priorities"] = tuple(
                self.plan.priorities.get(code=ref) if kind == "workbook" and self.plan
                else Priority.objects.get(pk=ref)
                for kind, ref in values["priorities"]
            )
        elif existing is not None:
            out["priorities"] = tuple(existing.priorities.all())
        return out


def partnership_import(
    *, sheets: dict[str, Sheet], actor: Any, scope: Scope, dry_run: bool = False
) -> ImportResult:
    """Check ``sheets`` (partnerships.workbook.read_*) and, when every row is good, write them.

    Returns an ImportResult. When any row is refused (by the checks, or by a service while
    writing) nothing is saved and ``errors`` lists every refused row by sheet and row. With
    ``dry_run`` everything is checked and written inside a transaction that is then rolled
    back, so the counts say what the import would do. ``actor`` is the user importing
    (None for the command); ``scope`` what they may change (partnerships.checks.Scope).
    """
    result = ImportResult(dry_run=dry_run)
    checked = check_workbook(sheets, scope)
    if not checked.ok:
        result.errors = checked.errors
        return result
    result.new_kinds = list(checked.new_kinds)
    with transaction.atomic():
        _Writer(actor, result).run(checked)
        if result.errors or dry_run:
            transaction.set_rollback(True)
    if result.errors:
        result.counts = {}
    return result

