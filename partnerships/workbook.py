"""The partnership workbook: its sheets and columns, reading it (one XLSX workbook, or a
folder of CSV files named after the sheets) and writing it (the template, or a partnership
as it is now).

This module knows files only: which sheets and columns a file has and what its cells hold,
not whether the rows are right (partnerships.checks).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

SHEETS: dict[str, tuple[str, ...]] = {
    "organisations": ("name", "short_name", "responsible_authority"),
    "boards": ("slug", "name", "parent", "kind", "reports_to_parent"),
    "people": ("name", "email", "post_title", "organisation"),
    "memberships": ("board", "member", "role", "representative", "start_date", "end_date"),
    "plan": ("title", "start", "end", "status"),
    "priorities": ("code", "title", "parent"),
    "actions": ("board", "reference", "description", "priorities", "outcomes", "resources",
                "lead", "target_date", "review_date", "rag", "status"),
}
"""Every sheet the import reads, in the order it writes them, with its columns."""

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "organisations": ("name",),
    "boards": ("slug", "name", "kind"),
    "people": ("name",),
    "memberships": ("board", "member", "role"),
    "plan": ("title", "start", "end"),
    "priorities": ("code", "title"),
    "actions": ("board", "reference", "description", "lead", "target_date", "rag"),
}
"""Columns a sheet must have. The others may be left out: the import then leaves that field
of existing rows alone (and a new row gets it blank)."""

GUIDE_SHEET = "read_me"
"""The template's guide; the import skips a sheet of this name."""

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class WorkbookError(ValueError):
    """The workbook as a whole cannot be read; the message says why, naming the sheet."""


@dataclass(frozen=True)
class SheetRow:
    """One row of a sheet: its row number (the header is row 1) and its cells by column."""

    number: int
    cells: dict[str, Any]


@dataclass(frozen=True)
class Sheet:
    """A sheet read: its name, the columns it has (known ones only) and its non-blank rows."""

    name: str
    columns: tuple[str, ...]
    rows: list[SheetRow]


def heading(raw: Any) -> str:
    """How a sheet or column name is matched: case, spaces and hyphens do not count."""
    return re.sub(r"[\s-]+", "_", str(raw or "").strip().lower())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet(name: str, records: Iterable[tuple[int, list[Any]]]) -> Sheet:
    """Map a sheet's records onto its header; raise WorkbookError on a bad header."""
    records = iter(records)
    first = next(records, None)
    if first is None:
        return Sheet(name=name, columns=(), rows=[])
    names = [heading(h) for h in first[1]]
    known = SHEETS[name]
    unknown = [n for n in names if n and n not in known]
    if unknown:
        raise WorkbookError(
            f'Sheet "{name}" has column{"s" if len(unknown) > 1 else ""} '
            f'{", ".join(repr(u) for u in unknown)} that the import does not know. '
            f"Its columns are: {', '.join(known)}."
        )
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        raise WorkbookError(f'Sheet "{name}" has two "{repeated[0]}" columns.')
    missing = [c for c in REQUIRED_COLUMNS[name] if c not in names]
    if missing:
        raise WorkbookError(
            f'Sheet "{name}" must have the column{"s" if len(missing) > 1 else ""} '
            f"{', '.join(missing)} in its first row."
        )
    rows = []
    for number, record in records:
        cells: dict[str, Any] = {}
        for index, value in enumerate(record):
            column = names[index] if index < len(names) else ""
            if column:
                cells[column] = value
            elif not _blank(value):
                raise WorkbookError(f'Sheet "{name}" row {number} has a value in a column '
                                    "with no name.")
        if all(_blank(v) for v in cells.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise WorkbookError(f'Sheet "{name}" has more than {MAX_ROWS:,} rows.')
        rows.append(SheetRow(number=number, cells=cells))
    return Sheet(name=name, columns=tuple(n for n in names if n), rows=rows)


def _sheet_name(raw: str) -> str | None:
    """The import's name for a sheet or file name; None for the guide; raise if unknown."""
    name = heading(raw)
    if name in (GUIDE_SHEET, "readme"):
        return None
    if name not in SHEETS:
        raise WorkbookError(
            f'The workbook has a sheet "{raw}" that the import does not know. '
            f"Its sheets are: {', '.join(SHEETS)}."
        )
    return name


def _cell(value: Any) -> Any:
    """An XLSX cell's value as the checks expect it: a whole float as an int."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def read_xlsx(content: bytes) -> dict[str, Sheet]:
    """Read a workbook's sheets by name (see SHEETS). Raises WorkbookError for a file over
    MAX_FILE_BYTES, one that is not an XLSX workbook, an unknown sheet or column, a sheet
    twice, a missing required column, or more than MAX_ROWS rows in a sheet."""
    from openpyxl import load_workbook

    if len(content) > MAX_FILE_BYTES:
        raise WorkbookError(f"The file must be smaller than {MAX_FILE_BYTES // 1024 // 1024} MB.")
    if content.startswith(_XLS_MAGIC):
        raise WorkbookError("The file is an Excel 97-2003 workbook (.xls): save it as .xlsx.")
    if not content.startswith(XLSX_MAGIC):
        raise WorkbookError("The file is not an XLSX workbook.")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorkbookError("The file is not a readable XLSX workbook.") from exc
    try:
        sheets: dict[str, Sheet] = {}
        for worksheet in workbook.worksheets:
            name = _sheet_name(worksheet.title)
            if name is None:
                continue
            if name in sheets:
                raise WorkbookError(f'The workbook has two "{name}" sheets.')
            records = (
                (number, [_cell(c.value) for c in row])
                for number, row in enumerate(worksheet.iter_rows(), start=1)
            )
            sheets[name] = _sheet(name, records)
        return sheets
    finally:
        workbook.close()


def read_csv(name: str, content: bytes) -> Sheet:
    """Read one sheet from a CSV file in UTF-8 (with or without a byte order mark)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkbookError(f'{name}.csv is not in UTF-8: save it as "CSV UTF-8".') from exc
    try:
        records = list(enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
    except csv.Error as exc:
        raise WorkbookError(f"{name}.csv cannot be read: {exc}.") from exc
    return _sheet(name, records)


def read_folder(folder: Path) -> dict[str, Sheet]:
    """Read a folder of CSV files named after the sheets (``boards.csv``…). Raises
    WorkbookError for an unknown file name, a file over MAX_FILE_BYTES or no CSV at all."""
    sheets: dict[str, Sheet] = {}
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    if not files:
        raise WorkbookError(f"{folder} has no CSV files named after the sheets.")
    for path in files:
        name = _sheet_name(path.stem)
        if name is None:
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            raise WorkbookError(f"{path.name} must be smaller than "
                                f"{MAX_FILE_BYTES // 1024 // 1024} MB.")
        sheets[name] = read_csv(name, path.read_bytes())
    return sheets


def read_path(path: Path) -> dict[str, Sheet]:
    """A workbook file or a folder of CSV files."""
    if path.is_dir():
        return read_folder(path)
    if not path.exists():
        raise WorkbookError(f"{path} does not exist.")
    if path.suffix.lower() == ".csv":
        name = _sheet_name(path.stem)
        return {name: read_csv(name, path.read_bytes())} if name else {}
    return read_xlsx(path.read_bytes())


# --- Writing ----------------------------------------------------------------------------------

GUIDE = {
    "organisations": "One row per organisation. responsible_authority: yes or no.",
    "boards": "One row per board. slug: the web address name (lower-case, hyphens). parent: "
              "the slug of the board it reports to, empty for the top. kind: a kind of board "
              "such as Partnership board, Subgroup or Delivery group (a new kind is added). "
              "reports_to_parent: yes when its chairs, officers, clerks and minute takers act "
              "as officers of the parent board.",
    "people": "One row per person. organisation: its name or short name.",
    "memberships": "One row per seat. member: a person's or an organisation's name. role: "
                   "chair, vice-chair, clerk, officer, minute taker, member, adviser or "
                   "analyst. representative: for an organisation's seat, its named person. "
                   "Dates as 2018-03-28; an end date ends the membership.",
    "plan": "One row: the partnership plan. start and end: dates, or financial years such "
            "as 2017/18. status: draft, approved or archived.",
    "priorities": "One row per priority or objective, numbered as the plan numbers them. "
                  "parent: the priority's code, for an objective.",
    "actions": "One row per action of the plan. reference: the plan's reference, or the "
               "action's number in the log. priorities: codes separated by commas. lead: "
               "people, organisations or a team, separated by semicolons. target_date: a "
               "date, a month such as October 2017, TBC or Ongoing. rag: R, A or G. "
               "status: open or closed.",
}


def workbook_xlsx(rows: Mapping[str, Sequence[Mapping[str, Any]]] | None = None) -> bytes:
    """An XLSX workbook with every sheet of SHEETS and its header row, then ``rows`` (sheet
    → list of {column: value}); text cells are text (so "1.1" stays text), dates are date
    cells. A first sheet, "read_me", describes each sheet; the import skips it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = rows or {}
    workbook = Workbook()
    guide = workbook.active
    guide.title = GUIDE_SHEET
    guide.append(["sheet", "columns", "what goes in it"])
    for name, columns in SHEETS.items():
        guide.append([name, ", ".join(columns), GUIDE[name]])
    for name, columns in SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows.get(name, ()):
            sheet.append([row.get(column) for column in columns])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, str):
                    cell.number_format = "@"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def workbook_csv(name: str, rows: Sequence[Mapping[str, Any]] = ()) -> bytes:
    """One sheet as CSV in UTF-8 with a byte order mark (so Excel reads it)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SHEETS[name])
    for row in rows:
        writer.writerow([
            value.isoformat() if isinstance(value, dt.date) else ("" if value is None else value)
            for value in (row.get(column) for column in SHEETS[name])
        ])
    return out.getvalue().encode("utf-8-sig")
