"""Render a PerformanceReport to one PDF (DOMAIN.md: the performance report).

The same fragment the agenda pack includes (``indicators/pdf/performance_report.html``,
filled by ``indicators.report.context.performance_report_context``) is wrapped in a
document of its own and laid out through ``csp_portal.pdf``. The summary table
prints the page each one-page summary starts on, computed by the layout in the
same pass (CSS ``target-counter``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from csp_portal import pdf
from indicators.models import PerformanceReport

from .context import performance_report_context

logger = logging.getLogger(__name__)

TEMPLATE = "indicators/report/document.html"
STYLESHEETS = ("indicators/report/document.css", "indicators/pdf/performance_report.css")


@dataclass
class ReportBuild:
    """A built report: PDF bytes, its title, page count, and the page of each summary.

    ``page_refs`` maps ``"indicator-<pk>"`` to the page (from 1) its one-page
    summary starts on; ``passes`` is how many layouts it took (one).
    """

    pdf: bytes
    title: str
    page_count: int
    page_refs: dict[str, int] = field(default_factory=dict)
    passes: int = 1


def report_pdf_title(report: PerformanceReport) -> str:
    """The PDF's title: "<board> – performance report – as at January 2018"."""
    return f"{report.board.name} – {report.title} – as at {report.as_at:%B %Y}"


def build_performance_report(*, report: PerformanceReport) -> ReportBuild:
    """Lay out ``report`` once and write it as one tagged PDF.

    The summary table's page column is printed by the layout itself (CSS
    ``target-counter``), so one pass is enough; ``page_refs`` is read back from
    the laid-out pages. Charts come from the chart cache (indicators.report.charts).
    WeasyPrint and template errors propagate.
    """
    title = report_pdf_title(report)
    context = performance_report_context(report=report)
    context["pdf_title"] = title
    context["page_counters"] = True
    document = pdf.render_document(
        template_name=TEMPLATE, context=context, stylesheets=STYLESHEETS
    )
    page_refs = {k: v for k, v in pdf.anchor_pages(document).items()
                 if k.startswith("indicator-")}
    data = pdf.write_pdf([document])
    return ReportBuild(
        pdf=data, title=title, page_count=len(document.pages), page_refs=page_refs,
    )
