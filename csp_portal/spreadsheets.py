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
