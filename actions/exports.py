"""The action log as a file a chair can hand on: CSV or XLSX, streamed from a values query.

Same columns, filters and order as the log's table (actions.tables.ActionTable),
read with actions.selectors.action_export_values (no model instances, no
per-cell accessors), so a 50,000-action log exports in seconds and constant
memory. Typed text is neutralised as csp_portal.spreadsheets describes.

CSV: UTF-8 with a byte order mark, ISO dates (2017-12-13; a month target
2017-10). XLSX: a title row naming the board, the filters applied and the
date; a bold, frozen header with an autofilter; real Excel dates shown
dd/mm/yyyy (a month target as "Oct 2017"); wrapped text in sensible widths;
RAG cells filled red, amber or green with the word in them (never colour alone).
The XLSX is written with XlsxWriter's constant-memory mode: on this project's
2-core machine it wrote the 50,000-row sheet three times faster than openpyxl's
write-only mode with the same styles (which missed the 10 s goal).
"""
from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from boards.models import Board
from csp_portal.spreadsheets import XlsxSheetWriter, csv_stream

from .models import Action, RagStatus
from .selectors import action_export_values, action_lead_names

# (key, header, width in characters, XLSX style)
COLUMNS = [
    ("board", "Board", 24, "text"),
    ("number", "No.", 7, "text"),
    ("description", "Description", 60, "wrap"),
    ("leads", "Lead", 28, "wrap"),
    ("raised", "Meeting raised", 14, "date"),
    ("target", "Target date", 14, "date"),
    ("rag", "RAG", 8, "rag"),
    ("status", "Open/closed", 11, "text"),
    ("comments", "Comments / update", 60, "wrap"),
]

# GOV.UK tag colours (light fill, dark text), so the word stays readable in print.
RAG_FILLS = {
    RagStatus.RED: ("F4CDC6", "2A0B06"),
    RagStatus.AMBER: ("FFE8B3", "3D2A00"),
    RagStatus.GREEN: ("CCE2D8", "005A30"),
}
STATUS_LABELS = dict(Action.Status.choices)
RAG_LABELS = dict(RagStatus.choices)


@dataclass(frozen=True)
class ActionExport:
    """What is exported: ``actions`` (filtered and ordered as the table is) of ``board``'s
    log; ``filters`` the filters in words (ActionFilter.applied); ``show_board`` adds the
    Board column (the log includes subgroups); ``on`` is the day of the export."""

    board: Board
    actions: QuerySet[Action]
    filters: list[str]
    show_board: bool
    on: dt.date

    @property
    def columns(self) -> list[tuple[str, str, int, str]]:
        return [c for c in COLUMNS if self.show_board or c[0] != "board"]

    @property
    def title(self) -> str:
        """ "Bexley CSP action log – Open actions, RAG Red – 1 December 2026"."""
        return (f"{self.board.name} action log – {', '.join(self.filters)} – "
                f"{self.on.day} {self.on:%B %Y}")

    def filename(self, extension: str) -> str:
        """ "action-log-bd-csp-open-actions-rag-red-2026-12-01.csv": board, filters, date."""
        filters = slugify(" ".join(self.filters))[:80].strip("-")
        return f"action-log-{self.board.slug}-{filters}-{self.on.isoformat()}.{extension}"

    def records(self) -> Iterator[tuple[Any, ...]]:
        """One tuple per action in COLUMNS' order (every column, Board included), values
        typed: dates as dt.date, a month target as ("month", date), the RAG as its code.
        Three queries."""
        leads = action_lead_names(actions=self.actions)
        zone = timezone.get_current_timezone()
        raised_on: dict[dt.datetime, dt.date] = {}  # a log has far fewer meetings than rows
        for (pk, board, number, reference, description, lead_body, start, target_date,
             _target_tbc, target_month, target_ongoing, rag, status, comments,
             ) in action_export_values(actions=self.actions):
            names = leads.get(pk, [])
            if lead_body:
                names = [*names, lead_body]
            if start is not None and start not in raised_on:
                raised_on[start] = start.astimezone(zone).date()
            if target_ongoing:
                target = "Ongoing"
            elif target_date is None:
                target = "Date TBC"
            else:
                target = ("month", target_date) if target_month else target_date
            yield (
                board, reference or str(number), description, ", ".join(names),
                raised_on[start] if start is not None else None, target, rag,
                STATUS_LABELS.get(status, status), comments,
            )

    def csv(self) -> Iterator[bytes]:
        """The CSV file in chunks (csp_portal.spreadsheets.csv_stream)."""
        header = [c[1] for c in self.columns]
        first = 0 if self.show_board else 1

        def text(record: tuple[Any, ...]) -> list[Any]:
            board, number, description, leads, raised, target, rag, status, comments = record
            if isinstance(target, tuple):
                target = f"{target[1]:%Y-%m}"
            elif isinstance(target, dt.date):
                target = target.isoformat()
            return [
                board, number, description, leads, raised.isoformat() if raised else "",
                target, RAG_LABELS.get(rag, rag), status, comments,
            ][first:]

        return csv_stream(header, map(text, self.records()))

    def xlsx(self):
        """The XLSX file, written by XlsxWriter in constant-memory mode to a temporary
        file (memory stays flat however many rows), rewound. The caller closes it."""
        import xlsxwriter

        out = tempfile.TemporaryFile()
        workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
        sheet = workbook.add_worksheet("Action log")
        columns = self.columns
        for index, (_, _, width, _) in enumerate(columns):
            sheet.set_column(index, index, width)
        top = {"valign": "top"}
        formats = {
            "title": {"bold": True, "font_size": 14},
            "header": {"bold": True, "text_wrap": True, **top, "bottom": 1},
            "text": top,
            "wrap": {"text_wrap": True, **top},
            "date": {"num_format": "dd/mm/yyyy", **top},
            "month": {"num_format": "mmm yyyy", **top},
        }
        for code, (fill, ink) in RAG_FILLS.items():
            formats[f"rag-{code}"] = {"bold": True, "font_color": f"#{ink}",
                                      "bg_color": f"#{fill}", "pattern": 1, **top}
        cells = XlsxSheetWriter(workbook, sheet, formats)
        # Freeze the title and header rows; the filter covers the header and every row.
        sheet.freeze_panes(2, 0)
        cells.write(0, 0, self.title, "title")
        for col, column in enumerate(columns):
            cells.write(1, col, column[1], "header")
        row = 1
        text, write = cells.text, cells.write
        c = 1 if self.show_board else 0  # the column of "No."
        for row, record in enumerate(self.records(), start=2):
            board, number, description, leads, raised, target, rag, status, comments = record
            if c:
                text(row, 0, board, "text")
            text(row, c, number, "text")
            text(row, c + 1, description, "wrap")
            text(row, c + 2, leads, "wrap")
            if raised is not None:
                write(row, c + 3, raised, "date")
            if isinstance(target, tuple):
                write(row, c + 4, target[1], "month")
            else:
                write(row, c + 4, target, "text" if isinstance(target, str) else "date")
            text(row, c + 5, RAG_LABELS.get(rag, rag), f"rag-{rag}")
            text(row, c + 6, status, "text")
            text(row, c + 7, comments, "wrap")
        sheet.autofilter(1, 0, row, len(columns) - 1)
        workbook.close()
        out.seek(0)
        return out
