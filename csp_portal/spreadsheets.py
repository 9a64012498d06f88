"""Writing CSV and XLSX files that people open in a spreadsheet, safely.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel and LibreOffice as a formula (OWASP: CSV injection), so text typed
into the portal (an action's description, an update, an indicator's name) could
run when an export is opened. In CSV such a cell gets a leading apostrophe; in
XLSX every text cell is written as a string (never a formula) and such a cell is
marked "quote prefix", as Excel itself does when someone types ``'=``. Numbers,
dates and None are written as they are.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

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
        writer.writerow([csv_cell(v) for v in row])
        pending += 1
        if pending >= batch:
            yield out.getvalue().encode("utf-8-sig" if first else "utf-8")
            first = False
            out.seek(0)
            out.truncate()
            pending = 0
    yield out.getvalue().encode("utf-8-sig" if first else "utf-8")


class XlsxStyles:
    """Cell styles for a write-only sheet, made once and copied onto each cell.

    Giving each cell its own Font/Fill/Alignment objects makes openpyxl hash them
    per cell; copying a prototype's style array is a tuple copy. ``add(name, **style)``
    takes openpyxl's cell style keywords (font, fill, alignment, number_format, border).
    """

    def __init__(self, sheet) -> None:
        from openpyxl.cell.cell import Cell

        self._sheet = sheet
        self._cell = Cell
        self._styles: dict[str, Any] = {}

    def add(self, name: str, **style: Any) -> None:
        proto = self._cell(self._sheet)
        for key, value in style.items():
            setattr(proto, key, value)
        self._styles[name] = proto._style

    def cell(self, value: Any, style: str | None = None):
        """An openpyxl cell holding ``value`` (text always a string, formula-like text quote
        prefixed: see the module docstring) in the named style."""
        from copy import copy

        # A position, so openpyxl's write-only sheet can name the cell while placing it.
        cell = self._cell(self._sheet, row=1, column=1)
        if style is not None:
            cell._style = copy(self._styles[style])
        if isinstance(value, str):
            cell._value = value
            cell.data_type = "s"
            if formula_like(value):
                cell.quotePrefix = True
        else:
            cell.value = value
        return cell
