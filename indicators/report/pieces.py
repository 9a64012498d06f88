"""The performance report's PDF in pieces: a head, then its one-page summaries in groups.

A report of hundreds of indicators laid out as one document held every page's
boxes at once (2.4 GB for 500 indicators); laid out as pieces of
``SUMMARIES_PER_PIECE`` summaries, one piece at a time or on several workers
(csp_portal.pdf_sequence), it needs only a piece's worth. The head (title,
introduction, executive summary, summary table, commentary) prints the page each
summary starts on, so it is the sequence's dependent piece: it is laid out once
the summaries' pages are known. The agenda pack (boards.packs.builder) and the
report on its own (indicators.report.builder) both print it this way.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.template.loader import render_to_string

from csp_portal.pdf_sequence import Piece

SUMMARIES_PER_PIECE = 5
"""One-page summaries per piece: small enough to bound memory and give the workers
pieces to share, big enough that a piece's fixed costs stay small."""


def report_head_html(context: dict[str, Any], pages: Mapping[str, int]) -> str:
    """The report's fragment (``indicators/pdf/performance_report.html``) without its
    one-page summaries; the summary table's page column prints ``pages[row anchor]`` (the
    number printed on the page that summary starts on)."""
    groups = [
        {**group, "rows": [{**row, "page": pages.get(row["anchor"])} for row in group["rows"]]}
        for group in context.get("groups", [])
    ]
    return render_to_string("indicators/pdf/performance_report.html",
                            {**context, "groups": groups, "summaries": []})


def report_summary_chunks(context: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The report's one-page summaries in pieces of ``SUMMARIES_PER_PIECE`` (none when it
    has no summaries)."""
    items = list(context.get("summaries", []))
    return [items[n:n + SUMMARIES_PER_PIECE] for n in range(0, len(items), SUMMARIES_PER_PIECE)]


def report_summaries_html(context: dict[str, Any], items: list[dict[str, Any]], *,
                          first: bool) -> str:
    """One piece of one-page summaries ``items``, the appendix heading before them when
    ``first``."""
    return render_to_string("indicators/pdf/summaries_piece.html",
                            {**context, "items": items, "first": first})


def report_outline_labels(context: dict[str, Any]) -> list[tuple[str, str]]:
    """(anchor, label) of each one-page summary: "<reference> <title>", for bookmarks."""
    return [(s["anchor"], f"{s['reference']} {s['title']}".strip())
            for s in context.get("summaries", [])]


def report_pieces(context: dict[str, Any], *, wrap: Callable[[str, int, int], str],
                  label: str, right: bool = True) -> list[Piece]:
    """The report as pieces of a sequence (csp_portal.pdf_sequence): the head (dependent:
    its page column prints where each summary starts), then the summaries in pieces of
    ``SUMMARIES_PER_PIECE``. ``wrap(fragment, index, count)`` makes a piece's whole
    document from its fragment, its index (0 for the head) and the number of pieces;
    ``right``: the head starts on a right-hand page (the pieces after it go straight on).
    """
    chunks = report_summary_chunks(context)
    count = 1 + len(chunks)
    return [
        Piece(html_for=lambda pages: wrap(report_head_html(context, pages), 0, count),
              right=right, label=label),
        *(Piece(html=wrap(report_summaries_html(context, chunk, first=n == 1), n, count),
                right=False, label=label)
          for n, chunk in enumerate(chunks, start=1)),
    ]
