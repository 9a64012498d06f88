"""XLSX returns files built in the tests, so that no binary file is kept in the repository.

``demo_return_rows()`` gives the monthly figures of the 28 March 2018 board
(indicators/demo_data/indicators.yaml) in the import format (indicators.imports.checks),
one dict per indicator per period; ``demo_workbook()`` writes them as an XLSX
workbook with openpyxl, the way the analyst's spreadsheet holds them: figures
as number cells, periods as text "YYYY-MM". ``workbook_bytes()`` writes any rows.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from indicators.demo import DEMO_FILE, _return_rows
from indicators.imports.files import COLUMNS

DEMO_BOARD = "bd-csp"


def demo_return_rows(path: Path = DEMO_FILE) -> list[dict[str, Any]]:
    """Every return of the demo file as {column: value}, by indicator then period.

    Values are as in the YAML (ints, floats, str) with None for blanks; the
    RAG overrides, which are the board's and not the analyst's, are left out.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = []
    for spec in data["indicators"]:
        for period, values in sorted(_return_rows(spec).items()):
            row = {column: values.get(column) for column in COLUMNS[2:]}
            rows.append({"indicator": str(spec["reference"]), "period": f"{period:%Y-%m}", **row})
    return rows


def workbook_bytes(
    rows: Iterable[dict[str, Any] | Sequence[Any]],
    *,
    header: Sequence[str] = COLUMNS,
    formats: dict[str, str] | None = None,
) -> bytes:
    """An XLSX workbook: ``header`` then ``rows`` (dicts by column, or lists in order).

    ``formats`` sets a number format per column, e.g. {"value": "0.0%"} to write
    a percentage the way Excel stores it (0.179 shown as 17.9%).
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Returns"
    sheet.append(list(header))
    for row in rows:
        values = [row.get(column) for column in header] if isinstance(row, dict) else list(row)
        sheet.append(values)
    for column, number_format in (formats or {}).items():
        index = list(header).index(column)
        for cells in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
            cells[0].number_format = number_format
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def demo_workbook(path: Path = DEMO_FILE) -> bytes:
    """The demo board's returns (``demo_return_rows``) as an XLSX workbook."""
    return workbook_bytes(demo_return_rows(path))
