"""Writing CSV and XLSX files that people open in a spreadsheet, safely.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel and LibreOffice as a formula (OWASP: CSV injection), so text typed
into the portal (an action's description, an update, an indicator's name) could
run when an export is opened. In CSV such a cell gets a leading apostrophe; in
XLSX (openpyxl or XlsxWriter) every text cell is written as a string (never a
formula) and such a cell is marked "quote prefix", as Excel itself does when
someone types ``'=``. Numbers,
dates and None are written as they are.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def formula_like(value: Any) -> bool:
    """True for text a spreadsheet would read as a formula (FORMULA_STARTS)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """``value`` for a CSV file: formula-like text gets a leading apostrophe (OWASP)."""
    return "'" + value if formula_like(value) else value


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """``header`` and ``rows`` as CSV in UTF-8 with a byte order mark (so Excel reads it),
    every cell through ``csv_cell``."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_append(sheet, row: Sequence[Any]) -> None:
    """Append ``row`` to an openpyxl ``sheet``: text as strings, never formulas."""
    from openpyxl.cell.cell import Cell

    cells = []
    for value in row:
        cell = Cell(sheet, value=None)
        if isinstance(value, str):
            # Set the string directly: openpyxl would otherwise take "=..." as a formula.
            cell._value = value
            cell.data_type = "s"
            if formula_like(value):
                cell.quotePrefix = True
        else:
            cell.value = value
        cells.append(cell)
    sheet.append(cells)


def xlsx_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    """``header`` (bold, frozen) and ``rows`` on one sheet named ``title`` (≤ 31 characters)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    xlsx_append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, row)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_stream(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, batch: int = 500):
    """``header`` and ``rows`` as CSV for a streamed response: UTF-8 with a byte order mark
    (so Excel reads it), every cell through ``csv_cell``. Yields ``bytes`` chunks of up to
    ``batch`` rows, so a 50,000-row file never sits in memory whole."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(v) for v in header])
    pending = 0
    first = True
    for row in rows:
        # csv_cell, inlined: this loop runs for every cell of a 50,000-row export.
        writer.writerow([
            "'" + v if isinstance(v, str) and v[:1] in _FORMULA_FIRST else v for v in row
        ])
        pending += 1
        if pending >= batch:
            yield out.getvalue().encode("utf-8-sig" if first else "utf-8")
            first = False
            out.seek(0)
            out.truncate()
            pending = 0
    yield out.getvalue().encode("utf-8-sig" if first else "utf-8")


class XlsxSheetWriter:
    """Cells of an XlsxWriter worksheet, written safely and in named formats.

    ``formats`` maps a name to XlsxWriter format properties (e.g. ``{"text_wrap":
    True}``). ``write(row, col, value, name)`` writes text with ``write_string``
    (a string, never a formula; formula-like text also gets the format's "quote
    prefix" twin: see the module docstring), dates with ``write_datetime``, numbers
    with ``write_number`` and None as a blank cell. XlsxWriter's constant-memory
    mode writes each row out as it is finished: 50,000 rows in a few MB.
    """

    def __init__(self, workbook, sheet, formats: dict[str, dict[str, Any]]) -> None:
        self.sheet = sheet
        self._workbook = workbook
        self._properties = formats
        self._formats = {name: workbook.add_format(props) for name, props in formats.items()}
        self._quoted: dict[str | None, Any] = {}

    def _quoted_format(self, name: str | None):
        if name not in self._quoted:
            props = {**self._properties.get(name, {}), "quote_prefix": True}
            self._quoted[name] = self._workbook.add_format(props)
        return self._quoted[name]

    def text(self, row: int, col: int, value: str, name: str) -> None:
        """Write the string ``value`` in format ``name``: ``write`` without the type checks,
        for the loop over every cell of a long sheet."""
        if value[:1] in _FORMULA_FIRST:
            self.sheet.write_string(row, col, value, self._quoted_format(name))
        else:
            self.sheet.write_string(row, col, value, self._formats[name])

    def write(self, row: int, col: int, value: Any, name: str | None = None) -> None:
        """Write ``value`` at zero-based (``row``, ``col``) in format ``name``."""
        import datetime as dt

        fmt = self._formats.get(name)
        if isinstance(value, str):
            if formula_like(value):
                fmt = self._quoted_format(name)
            self.sheet.write_string(row, col, value, fmt)
        elif isinstance(value, (dt.date, dt.datetime)):
            self.sheet.write_datetime(row, col, value, fmt)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            self.sheet.write_number(row, col, value, fmt)
        elif value is None:
            self.sheet.write_blank(row, col, None, fmt)
        else:
            self.sheet.write_string(row, col, str(value), fmt)
