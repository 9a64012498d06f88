"""Render a PerformanceReport to one PDF (DOMAIN.md: the performance report).

The same fragment the agenda pack includes (``indicators/pdf/performance_report.html``,
filled by ``indicators.report.context.performance_report_context``) is wrapped in a
document of its own and laid out through ``csp_portal.pdf``. The summary table
prints the page each one-page summary starts on; like the agenda pack, those
numbers are read back from the laid-out pages and the document is laid out
again until they stop moving (at most ``MAX_PASSES``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from csp_portal import pdf
from indicators.models import PerformanceReport

from .context import performance_report_context

logger = logging.getLogger(__name__)

MAX_PASSES = 3
TEMPLATE = "indicators/report/document.html"
STYLESHEETS = ("indicators/report/document.css", "indicators/pdf/performance_report.css")


@dataclass
class ReportBuild:
    """A built report: PDF bytes, its title, page count, and the page of each summary.

    ``page_refs`` maps ``"indicator-<pk>"`` to the page (from 1) its one-page
    summary starts on; ``passes`` is how many layouts it took.
    """

    pdf: bytes
    title: str
    page_count: int
    page_refs: dict[str, int] = field(default_factory=dict)
    passes: int = 1


def report_pdf_title(report: PerformanceReport) -> str:
    """The PDF's title: "<board> – performance report – as at January 2018"."""
    return f"{report.board.name} – {report.title} – as at {report.as_at:%B %Y}"


def _apply_pages(context: dict, page_refs: dict[str, int]) -> None:
    for group in context["groups"]:
        for row in group["rows"]:
            row["page"] = page_refs.get(row["anchor"])


def build_performance_report(*, report: PerformanceReport) -> ReportBuild:
    """Lay out ``report`` and write it as one tagged PDF.

    The context (and its charts) is built once; only the page column changes
    between passes. WeasyPrint and template errors propagate.
    """
    title = report_pdf_title(report)
    context = performance_report_context(report=report)
    context["pdf_title"] = title
    page_refs: dict[str, int] = {}
    passes = 0
    document = None
    while passes < MAX_PASSES:
        passes += 1
        _apply_pages(context, page_refs)
        document = pdf.render_document(
            template_name=TEMPLATE, context=context, stylesheets=STYLESHEETS
        )
        found = {k: v for k, v in pdf.anchor_pages(document).items() if k.startswith("indicator-")}
        stable = found == page_refs
        page_refs = found
        if stable:
            break
    else:
        logger.warning("Performance report %s: page references still moving", report.pk)
    data = pdf.write_pdf([document])
    return ReportBuild(
        pdf=data, title=title, page_count=len(document.pages), page_refs=page_refs,
        passes=passes,
    )
