"""Reading an uploaded returns file (CSV or XLSX) and writing the import template.

The format is described in indicators.imports.checks (DOMAIN.md: Performance). This
module knows files only: which columns a file names and what its cells hold,
not whether the figures are right.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from csp_portal.spreadsheets import csv_bytes, xlsx_append

COLUMNS = (
    "indicator", "period", "value", "fytd_reported", "london_change_pct",
    "london_comparator", "cohort_label", "performance_overview", "actions_to_improve",
)
REQUIRED_COLUMNS = ("indicator", "period")
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# An XLSX workbook is a zip of XML: a small file can unpack to gigabytes (one 300 KB file held
# a 300 MB shared string). Its listed sizes are checked before openpyxl reads a byte of it.
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_XLSX_MEMBERS = 200
# Rows and columns a sheet may span (read from its <dimension> before the rows, and held to
# while reading them, since the dimension may be missing or wrong).
MAX_SHEET_ROWS = MAX_ROWS + 1000
MAX_SHEET_COLUMNS = 50
MAX_CELL_CHARS = 10_000
"""A longer cell is refused (its row is reported) and never kept whole."""
ECHO_CHARS = 40
"""How much of a cell an error message quotes."""
XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why, for the person uploading."""


@dataclass(frozen=True)
class SourceRow:
    """One row of the uploaded file: its row number (the header is row 1) and its cells.

    ``cells`` maps column name → a str, a number, a date or None, as read; a text
    longer than MAX_CELL_CHARS is cut to that length and its column named in
    ``too_long``, for the checks to refuse the row.
    """

    number: int
    cells: dict[str, Any]
    too_long: tuple[str, ...] = ()


def cell_echo(value: Any) -> str:
    """At most ECHO_CHARS characters of a cell, for an error message ("…" marks a cut)."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS - 1] + "…"


@dataclass(frozen=True)
class SourceTable:
    """The file read: the columns it names (known ones only) and its non-blank rows."""

    columns: tuple[str, ...]
    rows: list[SourceRow]


# --- Reading the file -----------------------------------------------------------------------


def _heading(raw: Any) -> str:
    return re.sub(r"\s+", "_", str(raw or "").strip().lower())


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(header: list[Any], records: Iterable[tuple[int, list[Any]]]) -> SourceTable:
    """Map raw records onto the header's columns; raise ImportFileError on a bad header."""
    names = [_heading(cell_echo(h)) for h in header]
    if not any(names):
        raise ImportFileError("The file is empty: the first row must name the columns.")
    seen: set[str] = set()
    for name in names:
        if not name:
            continue
        if name not in COLUMNS and ";" in name:
            raise ImportFileError(
                "The columns are separated by semicolons; a CSV file's columns must be "
                "separated by commas."
            )
        if name not in COLUMNS:
            raise ImportFileError(
                f'The file has a column "{name}" that the import does not know. '
                f"The columns are: {', '.join(COLUMNS)}."
            )
        if name in seen:
            raise ImportFileError(f'The file has two "{name}" columns.')
        seen.add(name)
    missing = [name for name in REQUIRED_COLUMNS if name not in seen]
    if missing:
        raise ImportFileError(
            f"The first row must name the columns; {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} missing."
        )
    rows: list[SourceRow] = []
    for number, record in records:
        if number > MAX_SHEET_ROWS:
            raise ImportFileError(f"The file has more than {MAX_SHEET_ROWS:,} rows.")
        cells: dict[str, Any] = {}
        too_long: list[str] = []
        for index, value in enumerate(record):
            name = names[index] if index < len(names) else ""
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                value = value[:MAX_CELL_CHARS]
                too_long.append(name or f"column {index + 1}")
            if name:
                cells[name] = value
            elif not _is_blank(value):
                raise ImportFileError(f"Row {number} has a figure in a column with no name.")
        if all(_is_blank(v) for v in cells.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(f"The file has more than {MAX_ROWS:,} rows.")
        rows.append(SourceRow(number=number, cells=cells, too_long=tuple(too_long)))
    return SourceTable(columns=tuple(n for n in names if n), rows=rows)


def decimal_text(number: Decimal) -> str:
    """``Decimal("17.900")`` → ``"17.9"``, ``Decimal("1E+2")`` → ``"100"``."""
    return format(number.normalize(), "f")


def _xlsx_cell(cell: Any) -> Any:
    """A cell's value; a number shown as a percentage (0.179 as 17.9%) becomes "17.9%"."""
    value = cell.value
    fmt = getattr(cell, "number_format", "") or ""
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if is_number and "%" in fmt:
        return decimal_text(Decimal(str(value)) * 100) + "%"
    return value


def xlsx_unpacked_check(content: bytes) -> None:
    """Refuse a workbook that would unpack to more than MAX_XLSX_UNPACKED_BYTES.

    Reads only the zip's directory (``infolist``: each member's stated size),
    and checks every member really is no larger than stated as it is read
    later (zipfile raises on a member longer than its header says). Raises
    ImportFileError.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError("The file is not a readable XLSX workbook.") from exc
    if len(members) > MAX_XLSX_MEMBERS:
        raise ImportFileError("The file is not a plain XLSX workbook: it holds too many parts.")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(
            f"The workbook unpacks to {unpacked / 1024 / 1024:,.0f} MB; the most the import "
            f"reads is {MAX_XLSX_UNPACKED_BYTES // 1024 // 1024} MB. Save only the returns "
            "sheet, or save it as CSV UTF-8."
        )


def _sheet_size_check(sheet) -> None:
    """Refuse a sheet whose stated dimension is over MAX_SHEET_ROWS or MAX_SHEET_COLUMNS."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > MAX_SHEET_ROWS:
        raise ImportFileError(f"The file has more than {MAX_SHEET_ROWS:,} rows.")
    if columns > MAX_SHEET_COLUMNS:
        raise ImportFileError(
            f"The sheet spans {columns:,} columns; the import reads at most {MAX_SHEET_COLUMNS}."
        )


def _read_xlsx(content: bytes) -> SourceTable:
    from openpyxl import load_workbook

    xlsx_unpacked_check(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError("The file is not a readable XLSX workbook.") from exc
    try:
        sheet = workbook.worksheets[0]
        _sheet_size_check(sheet)
        # Bounded whatever the dimension said: no more columns than the cap, and _table
        # stops past MAX_SHEET_ROWS.
        records = (
            (number, [_xlsx_cell(c) for c in row])
            for number, row in enumerate(
                sheet.iter_rows(max_col=MAX_SHEET_COLUMNS), start=1
            )
        )
        first = next(records, None)
        if first is None:
            raise ImportFileError("The workbook's first sheet is empty.")
        return _table(first[1], records)
    finally:
        workbook.close()


def _read_csv(content: bytes) -> SourceTable:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "The file is neither an XLSX workbook nor a CSV file in UTF-8. "
            'Save it as "CSV UTF-8" or as an Excel workbook (.xlsx).'
        ) from exc
    if "\x00" in text:
        raise ImportFileError("The file is not a CSV file: it contains binary data.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = [(number, row) for number, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise ImportFileError(f"The CSV file cannot be read: {exc}.") from exc
    if not records:
        raise ImportFileError("The file is empty: the first row must name the columns.")
    return _table(records[0][1], records[1:])


def read_returns_file(content: bytes) -> SourceTable:
    """Read an uploaded CSV or XLSX file into its columns and non-blank rows.

    The kind is decided by content, never by the file name: an XLSX workbook is
    a zip (starts ``PK\\x03\\x04``; its first sheet is read); anything else is
    read as CSV in UTF-8, with or without a byte order mark. Raises
    ImportFileError for a file over MAX_FILE_BYTES, a workbook that unpacks to
    more than MAX_XLSX_UNPACKED_BYTES or spans more than MAX_SHEET_ROWS rows or
    MAX_SHEET_COLUMNS columns (checked before its cells are read), an old .xls
    workbook, a file that is neither, an unknown or repeated column, a missing
    ``indicator`` or ``period`` column, or more than MAX_ROWS rows. Cells longer
    than MAX_CELL_CHARS are cut and reported (SourceRow.too_long); no message
    quotes more than ECHO_CHARS characters of a cell.
    """
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(f"The file must be smaller than {MAX_FILE_BYTES // 1024 // 1024} MB.")
    if not content.strip():
        raise ImportFileError("The file is empty.")
    if content.startswith(XLSX_MAGIC):
        return _read_xlsx(content)
    if content.startswith(_XLS_MAGIC):
        raise ImportFileError(
            "The file is an Excel 97-2003 workbook (.xls). Save it as .xlsx or as CSV UTF-8."
        )
    return _read_csv(content)




# --- Writing the template -------------------------------------------------------------------


def template_rows(references: Iterable[str], period: dt.date) -> list[list[str]]:
    """One row per indicator reference for ``period``, every other column blank."""
    blanks = [""] * (len(COLUMNS) - 2)
    return [[reference, f"{period:%Y-%m}", *blanks] for reference in references]


def template_csv(rows: Sequence[Sequence[Any]]) -> bytes:
    """The header and ``rows`` as CSV in UTF-8 with a byte order mark (so Excel reads it);
    formula-like text neutralised (csp_portal.spreadsheets)."""
    return csv_bytes(COLUMNS, rows)


def template_xlsx(rows: Sequence[Sequence[Any]], guide: Sequence[Sequence[Any]] = ()) -> bytes:
    """The header and ``rows`` as an XLSX workbook, every cell text (so "2018-01" stays text),
    never a formula (csp_portal.spreadsheets).

    ``guide`` rows (e.g. reference, name, unit, frequency) go on a second sheet,
    "Indicators", which the import does not read.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Returns"
    xlsx_append(sheet, list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, list(row))
    for column in ("A", "B"):
        for cell in sheet[column]:
            cell.number_format = "@"
    sheet.freeze_panes = "A2"
    if guide:
        notes = workbook.create_sheet("Indicators")
        xlsx_append(notes, ["indicator", "name", "unit", "frequency"])
        for row in guide:
            xlsx_append(notes, list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
