"""Checking every row of a partnership workbook before anything is saved.

The sheets and columns are in partnerships.workbook; what each cell may hold is in
partnerships.values. Rows name each other by natural key, matched ignoring case and
spacing: an organisation by its name or short name, a person by name, a board by slug, a
priority by code. A name may be in the workbook or already in the portal. Every bad row is
reported with its sheet, row number and every reason; the clerk may only touch the boards
they manage (boards.access): see Scope.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from actions.plan.targets import parse_target
from boards.models import Board
from boards.setup.services import board_kind_find
from plans.models import Plan, Priority

from . import values as v
from .rows import AMBIGUOUS, Checked, Names, Row, RowError, Scope, sheet_rows
from .workbook import SHEETS, Sheet


def _has(sheets: dict[str, Sheet], sheet: str, column: str) -> bool:
    return sheet in sheets and column in sheets[sheet].columns


class _Checker:
    def __init__(self, sheets: dict[str, Sheet], scope: Scope) -> None:
        self.sheets, self.scope = sheets, scope
        self.names = Names(sheets)
        self.out = Checked()
        self.parents: dict[str, str | None] = {
            slug: (b.parent.slug if b.parent_id else None)
            for slug, b in ((b.slug, b) for b in Board.objects.select_related("parent"))
        }
        self.new_boards: set[str] = set()

    # -- plumbing ---------------------------------------------------------------------------

    def each(self, sheet: str, check: Callable[[Any, list[str]], Any]) -> None:
        for row in sheet_rows(self.sheets, sheet):
            reasons: list[str] = []
            check(row, reasons)
            if reasons:
                self.out.errors.append(RowError(sheet, row.number, tuple(reasons)))

    def cell(self, reasons: list[str], read: Callable[[], Any]) -> Any:
        try:
            return read()
        except ValueError as exc:
            reasons.append(str(exc))
            return None

    def present(self, sheet: str, row: Any, columns: tuple[str, ...]) -> dict[str, Any]:
        return {c: row.cells.get(c) for c in columns if _has(self.sheets, sheet, c)}

    def organisation(self, raw: Any, reasons: list[str], column: str) -> str | None:
        found = self.names.orgs.get(v.key(raw))
        if found is AMBIGUOUS:
            reasons.append(f'{column} "{v.text(raw)}" names more than one organisation')
            return None
        if found is None:
            reasons.append(f'{column} "{v.text(raw)}" is not an organisation in the workbook '
                           "or the portal")
        return found

    def person(self, raw: Any, reasons: list[str], column: str) -> str | None:
        found = self.names.people.get(v.key(raw))
        if found is AMBIGUOUS:
            reasons.append(f'Two people are called "{v.text(raw)}": change one in the portal')
            return None
        if found is None:
            reasons.append(f'{column} "{v.text(raw)}" is not a person in the workbook or the '
                           "portal")
        return found

    def board_allowed(self, slug: str, seen: frozenset[str] = frozenset()) -> bool:
        """May the import write to board ``slug`` (existing, or new in the workbook)?"""
        if self.scope.everything:
            return True
        existing = self.names.db_boards.get(slug)
        if existing is not None:
            return existing.pk in self.scope.managed
        if slug in seen:
            return False
        parent = self.parents.get(slug)
        if parent is None:
            return self.scope.may_add_top
        return self.board_allowed(parent, seen | {slug})

    def known_board(self, raw: Any, reasons: list[str], column: str = "board") -> str | None:
        slug = v.text(raw)
        if not slug:
            reasons.append(f"{column} is missing")
        elif slug not in self.parents:
            reasons.append(f'{column} "{slug}" is not a board in the workbook or the portal')
        elif not self.board_allowed(slug):
            reasons.append(f"You may not change {slug}: you are not its clerk or the clerk "
                           "of a board above it")
        else:
            return slug
        return None

    # -- sheets -----------------------------------------------------------------------------

    def organisations(self) -> None:
        seen: dict[str, int] = {}

        def check(row: Any, reasons: list[str]) -> None:
            name = self.cell(reasons, lambda: v.limited(row.cells.get("name"), "name", 200,
                                                        required=True))
            values = {"name": name}
            if "short_name" in row.cells:
                values["short_name"] = self.cell(reasons, lambda: v.limited(
                    row.cells["short_name"], "short_name", 50))
            if "responsible_authority" in row.cells:
                values["responsible_authority"] = self.cell(reasons, lambda: v.yes_no(
                    row.cells["responsible_authority"], "responsible_authority"))
            if name and seen.setdefault(v.key(name), row.number) != row.number:
                reasons.append(f"{name} is also on row {seen[v.key(name)]}")
            if not reasons:
                self.out.organisations.append(Row("organisations", row.number, values))

        self.each("organisations", check)

    def boards(self) -> None:
        rows: dict[str, tuple[Any, dict[str, Any]]] = {}
        with_parents = _has(self.sheets, "boards", "parent")
        for row in sheet_rows(self.sheets, "boards"):
            slug = v.text(row.cells.get("slug"))
            if slug and slug not in rows:
                if with_parents:
                    self.parents[slug] = v.text(row.cells.get("parent")) or None
                else:  # the sheet leaves every board where it is (a new one at the top)
                    self.parents.setdefault(slug, None)
                if slug not in self.names.db_boards:
                    self.new_boards.add(slug)
                rows[slug] = (row, {})

        def check(row: Any, reasons: list[str]) -> None:
            slug = self.cell(reasons, lambda: v.slug(row.cells.get("slug"), "slug"))
            name = self.cell(reasons, lambda: v.limited(row.cells.get("name"), "name", 200,
                                                        required=True))
            kind = self.cell(reasons, lambda: v.limited(row.cells.get("kind"), "kind", 100,
                                                        required=True))
            reports = self.cell(reasons, lambda: v.yes_no(row.cells.get("reports_to_parent"),
                                                          "reports_to_parent"))
            if slug is None:
                return
            parent = self.parents.get(slug)
            if rows.get(slug, (row,))[0] is not row:
                reasons.append(f"{slug} is also on row {rows[slug][0].number}")
                return
            if parent is not None and parent not in self.parents:
                reasons.append(f'parent "{parent}" is not a board in the workbook or the portal')
            elif self._in_a_loop(slug):
                reasons.append(f"{slug} would report to itself through {parent}")
            else:
                reasons.extend(self._may_place(slug, parent))
            if kind and board_kind_find(kind) is None and kind not in self.out.new_kinds:
                self.out.new_kinds.append(kind)
            if not reasons:
                values = {"slug": slug, "name": name, "kind": kind, "parent": parent}
                if "short_name" in row.cells:
                    values["short_name"] = v.text(row.cells["short_name"])
                if "reports_to_parent" in row.cells:
                    values["reports_to_parent"] = reports
                self.out.boards.append(Row("boards", row.number, values))

        self.each("boards", check)
        self.out.boards.sort(key=lambda r: self._depth(r.values["slug"]))

    def _in_a_loop(self, slug: str) -> bool:
        node, seen = self.parents.get(slug), {slug}
        while node is not None:
            if node in seen:
                return True
            seen.add(node)
            node = self.parents.get(node)
        return False

    def _depth(self, slug: str) -> int:
        depth, node = 0, self.parents.get(slug)
        while node is not None and depth < 1000:
            depth, node = depth + 1, self.parents.get(node)
        return depth

    def _may_place(self, slug: str, parent: str | None) -> list[str]:
        if self.scope.everything:
            return []
        existing = self.names.db_boards.get(slug)
        if existing is not None and existing.pk not in self.scope.managed:
            return [f"You may not change {slug}: you are not its clerk or the clerk of a "
                    "board above it"]
        moved = existing is None or (existing.parent.slug if existing.parent_id else None) != parent
        if not moved:
            return []
        if parent is None and not self.scope.may_add_top:
            return [f"Only an administrator may add {slug} as a board that reports to none"]
        if parent is not None and not self.board_allowed(parent):
            return [f"You may not add a board under {parent}: you are not its clerk"]
        return []

    def people(self) -> None:
        seen: dict[str, int] = {}

        def check(row: Any, reasons: list[str]) -> None:
            name = self.cell(reasons, lambda: v.limited(row.cells.get("name"), "name", 200,
                                                        required=True))
            values: dict[str, Any] = {"name": name}
            if "post_title" in row.cells:
                values["post_title"] = self.cell(reasons, lambda: v.limited(
                    row.cells["post_title"], "post_title", 200))
            if "email" in row.cells:
                email = v.text(row.cells["email"])
                try:
                    if email:
                        validate_email(email)
                    values["email"] = email
                except ValidationError:
                    reasons.append(f'email "{email}" is not an email address')
            if "organisation" in row.cells:
                raw = row.cells["organisation"]
                values["organisation"] = (self.organisation(raw, reasons, "organisation")
                                          if v.text(raw) else None)
            if name and seen.setdefault(v.key(name), row.number) != row.number:
                reasons.append(f"{name} is also on row {seen[v.key(name)]}")
            if not reasons:
                self.out.people.append(Row("people", row.number, values))

        self.each("people", check)

    def memberships(self) -> None:
        seats: dict[tuple, int] = {}

        def check(row: Any, reasons: list[str]) -> None:
            board = self.known_board(row.cells.get("board"), reasons)
            role = self.cell(reasons, lambda: v.choice(
                row.cells.get("role"), "role", v.ROLES,
                "chair, vice-chair, clerk, officer, minute taker, member, adviser or analyst"))
            member = v.text(row.cells.get("member"))
            values: dict[str, Any] = {"board": board, "role": role}
            as_person = self.names.people.get(v.key(member))
            as_org = self.names.orgs.get(v.key(member))
            representative = v.text(row.cells.get("representative"))
            if not member:
                reasons.append("member is missing")
            elif as_person is not None and as_org is not None:
                reasons.append(f'member "{member}" is both a person and an organisation')
            elif as_org is not None:
                values["organisation"] = self.organisation(member, reasons, "member")
                if "representative" in row.cells:
                    values["person"] = (self.person(representative, reasons, "representative")
                                        if representative else None)
            elif as_person is not None:
                values["person"] = self.person(member, reasons, "member")
                values["organisation"] = None
                if representative:
                    reasons.append("representative is only for an organisation's seat")
            else:
                reasons.append(f'member "{member}" is not a person or an organisation in the '
                               "workbook or the portal")
            for column in ("start_date", "end_date"):
                if column in row.cells:
                    values[column] = self.cell(reasons, lambda c=column: v.date(
                        row.cells[c], c))
            start, end = values.get("start_date"), values.get("end_date")
            if start and end and end < start:
                reasons.append("end_date is before start_date")
            seat = (board, v.key(member), role)
            if not reasons and seats.setdefault(seat, row.number) != row.number:
                reasons.append(f"{member} is also {role} of {board} on row {seats[seat]}")
            if not reasons:
                self.out.memberships.append(Row("memberships", row.number, values))

        self.each("memberships", check)

    def plan(self) -> None:
        rows = sheet_rows(self.sheets, "plan")
        for extra in rows[1:]:
            self.out.errors.append(RowError("plan", extra.number, (
                "The plan sheet has one row: the partnership's plan",)))

        def check(row: Any, reasons: list[str]) -> None:
            if row is not rows[0]:
                return
            values = {
                "title": self.cell(reasons, lambda: v.limited(row.cells.get("title"), "title",
                                                              300, required=True)),
                "period_start": self.cell(reasons, lambda: v.period_start(
                    row.cells.get("start"), "start")),
                "period_end": self.cell(reasons, lambda: v.period_end(
                    row.cells.get("end"), "end")),
            }
            if "status" in row.cells:
                values["status"] = self.cell(reasons, lambda: v.choice(
                    row.cells["status"] or "draft", "status",
                    {s: s for s in Plan.Status.values}, "draft, approved or archived"))
            start, end = values["period_start"], values["period_end"]
            if start and end and end < start:
                reasons.append("end is before start")
            values["board"] = self._plan_board(reasons)
            if not reasons:
                self.out.plan = Row("plan", row.number, values)

        self.each("plan", check)

    def _plan_board(self, reasons: list[str]) -> str | None:
        tops = [r.values["slug"] for r in self.out.boards if r.values["parent"] is None]
        if not tops:
            tops = [slug for slug, b in self.names.db_boards.items()
                    if b.parent_id is None and self.board_allowed(slug)]
        if len(tops) != 1:
            reasons.append("The plan belongs to the partnership's top board: the workbook "
                           "must name exactly one board with no parent")
            return None
        if not self.board_allowed(tops[0]):
            reasons.append(f"You may not change the plans of {tops[0]}")
            return None
        return tops[0]

    def priorities(self) -> None:
        rows = sheet_rows(self.sheets, "priorities")
        if rows and not sheet_rows(self.sheets, "plan"):
            self.out.errors.append(RowError("priorities", rows[0].number, (
                "Priorities need the plan sheet: give the plan they belong to",)))
            return
        tops = {v.text(r.cells.get("code")) for r in rows if not v.text(r.cells.get("parent"))}
        codes: dict[str, int] = {}
        positions: dict[str | None, int] = {}

        def check(row: Any, reasons: list[str]) -> None:
            code = self.cell(reasons, lambda: v.limited(row.cells.get("code"), "code", 20,
                                                        required=True))
            title = self.cell(reasons, lambda: v.limited(row.cells.get("title"), "title", 300,
                                                         required=True))
            parent = v.text(row.cells.get("parent")) or None
            if code and codes.setdefault(code, row.number) != row.number:
                reasons.append(f"code {code} is also on row {codes[code]}")
            if parent is not None and parent not in tops:
                reasons.append(f'parent "{parent}" is not a priority on this sheet (objectives '
                               "sit under priorities, one level down)")
            positions[parent] = positions.get(parent, 0) + 1
            if not reasons:
                self.out.priorities.append(Row("priorities", row.number, {
                    "code": code, "title": title, "parent": parent,
                    "position": positions[parent],
                }))

        self.each("priorities", check)
        self.out.priorities.sort(key=lambda r: r.values["parent"] is not None)

    def actions(self) -> None:
        refs: dict[tuple, int] = {}
        plan_codes = self._plan_codes()

        def check(row: Any, reasons: list[str]) -> None:
            board = self.known_board(row.cells.get("board"), reasons)
            reference = self.cell(reasons, lambda: v.limited(
                row.cells.get("reference"), "reference", 20, required=True))
            values: dict[str, Any] = {
                "board": board, "reference": reference,
                "description": self.cell(reasons, lambda: v.limited(
                    row.cells.get("description"), "description", 10_000, required=True)),
                "target": self.cell(reasons, lambda: parse_target(row.cells.get("target_date"))),
                "rag_status": self.cell(reasons, lambda: v.choice(
                    row.cells.get("rag"), "rag", v.RAGS, "R, A or G (or Red, Amber, Green)")),
                "leads": self._leads(row.cells.get("lead"), reasons),
            }
            for column in ("outcomes", "resources"):
                if column in row.cells:
                    values[column] = v.text(row.cells[column])
            if "review_date" in row.cells:
                values["review_date"] = self.cell(reasons, lambda: v.date(
                    row.cells["review_date"], "review_date"))
            if "status" in row.cells:
                values["status"] = self.cell(reasons, lambda: v.choice(
                    row.cells["status"] or "open", "status", v.STATUSES, "open or closed"))
            if "priorities" in row.cells:
                values["priorities"] = self._codes(row.cells["priorities"], board, plan_codes,
                                                   reasons)
            ref = (board, reference)
            if board and reference and refs.setdefault(ref, row.number) != row.number:
                reasons.append(f"{board} action {reference} is also on row {refs[ref]}")
            if not reasons:
                self.out.actions.append(Row("actions", row.number, values))

        self.each("actions", check)

    def _leads(self, raw: Any, reasons: list[str]) -> list[tuple[str, str]]:
        leads = []
        for part in (p.strip() for p in v.text(raw).split(";")):
            if not part:
                continue
            person, org = self.names.people.get(v.key(part)), self.names.orgs.get(v.key(part))
            if person is AMBIGUOUS or org is AMBIGUOUS:
                reasons.append(f'lead "{part}" names more than one person or organisation')
            elif person is not None:
                leads.append(("person", person))
            elif org is not None:
                leads.append(("organisation", org))
            elif len(part) > 200:
                reasons.append(f'lead "{part[:40]}…" is longer than 200 characters')
            else:
                leads.append(("body", part))
        if not leads and not reasons:
            reasons.append("lead is missing: give a person, an organisation or a team")
        return leads

    def _plan_codes(self) -> set[str] | None:
        """The codes of the workbook's plan (its priorities sheet and, if the plan exists, the
        portal's); None when the workbook has no plan. A refused priority's code counts, so
        its actions are not refused for it too."""
        if not sheet_rows(self.sheets, "plan"):
            return None
        codes = {v.text(r.cells.get("code")) for r in sheet_rows(self.sheets, "priorities")}
        if self.out.plan is not None:
            values = self.out.plan.values
            codes |= set(Priority.objects.filter(
                plan__board__slug=values["board"], plan__title=values["title"]
            ).values_list("code", flat=True))
        return codes

    def _codes(self, raw: Any, board: str | None, plan_codes: set[str] | None,
               reasons: list[str]) -> list[tuple[str, Any]]:
        """Each code as ("workbook", code), or ("pk", priority pk) for a plan in the portal."""
        found = []
        for code in (c.strip() for c in v.text(raw).replace(";", ",").split(",")):
            if not code:
                continue
            if plan_codes is not None:
                if code in plan_codes:
                    found.append(("workbook", code))
                else:
                    reasons.append(f"priority {code} is not in the plan")
                continue
            matches = self._portal_priorities(board, code)
            if len(matches) == 1:
                found.append(("pk", matches[0]))
            else:
                reasons.append(f"priority {code} is in no plan of {board} or the boards above"
                               if not matches else
                               f"priority {code} is in more than one plan: add the plan sheet")
        return found

    def _portal_priorities(self, board: str | None, code: str) -> list[int]:
        existing = self.names.db_boards.get(board or "")
        if existing is None:
            return []
        boards = [existing.pk, *(b.pk for b in existing.ancestors())]
        return list(Priority.objects.filter(plan__board_id__in=boards, code=code)
                    .exclude(plan__status=Plan.Status.ARCHIVED).values_list("pk", flat=True))


def check_workbook(sheets: dict[str, Sheet], scope: Scope) -> Checked:
    """Check every row of every sheet (see the module docstring). Returns a Checked whose
    rows are ready to write when ``ok``; when not, ``errors`` lists every refused row in
    sheet order and the rows are not to be written."""
    checker = _Checker(sheets, scope)
    for step in (checker.organisations, checker.boards, checker.people, checker.memberships,
                 checker.plan, checker.priorities, checker.actions):
        step()
    order = list(SHEETS)
    checker.out.errors.sort(key=lambda e: (order.index(e.sheet), e.row))
    return checker.out

