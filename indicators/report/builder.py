"""Render a PerformanceReport to one PDF (DOMAIN.md: the performance report).

The same fragment the agenda pack includes (``indicators/pdf/performance_report.html``,
filled by ``indicators.report.context.performance_report_context``) is laid out in
pieces (indicators.report.pieces): the head, then the one-page summaries in groups,
each a document of its own in the part store (csp_portal.pdf_sequence), stitched
into one tagged PDF. The summary table prints the page each summary starts on, read
from the pieces' layouts. Page numbers ("Page N of M") are stamped on afterwards,
and the bookmarks are written from the anchors: the report's sections, and one per
indicator under the appendix.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string

from csp_portal import pdf_finish, pdf_parts, pdf_sequence
from indicators.models import PerformanceReport

from .context import performance_report_context
from .pieces import report_outline_labels, report_pieces

logger = logging.getLogger(__name__)

TEMPLATE = "indicators/report/document.html"
STYLESHEETS = ("indicators/report/document.css", "indicators/pdf/performance_report.css")
FOOTER_STYLESHEETS = ("indicators/report/document.css", "indicators/report/footers.css")
SECTIONS = (
    ("introduction", "1. Introduction"),
    ("executive-summary", "Executive summary"),
    ("overall", "2. Overall performance summary"),
    ("commentary", "Commentary"),
)


class ReportBuildError(Exception):
    """The report cannot be built (a piece over its time or memory limit); says why."""


@dataclass
class ReportBuild:
    """A built report: PDF bytes, its title, page count, and the page of each summary.

    ``page_refs`` maps ``"indicator-<pk>"`` to the page (from 1) its one-page
    summary starts on; ``layouts`` is how many pieces this process laid out.
    """

    pdf: bytes
    title: str
    page_count: int
    page_refs: dict[str, int] = field(default_factory=dict)
    layouts: int = 0


def report_pdf_title(report: PerformanceReport) -> str:
    """The PDF's title: "<board> – performance report – as at January 2018"."""
    return f"{report.board.name} – {report.title} – as at {report.as_at:%B %Y}"


def _outline(context: dict, refs: dict[str, int]) -> list[pdf_finish.OutlineEntry]:
    anchor = context["anchor"]
    entries = [pdf_finish.OutlineEntry(title=label, page_index=refs[f"{anchor}-{name}"] - 1)
               for name, label in SECTIONS if f"{anchor}-{name}" in refs]
    summaries = [pdf_finish.OutlineEntry(title=label, page_index=refs[key] - 1)
                 for key, label in report_outline_labels(context) if key in refs]
    if f"{anchor}-appendix" in refs:
        entries.append(pdf_finish.OutlineEntry(
            title="Appendix 1: One page performance summaries",
            page_index=refs[f"{anchor}-appendix"] - 1, children=summaries))
    else:
        entries.extend(summaries)
    return entries


def build_performance_report(*, report: PerformanceReport) -> ReportBuild:
    """Lay out ``report`` in pieces and write it as one tagged PDF (see the module).

    Charts come from the chart cache (indicators.report.charts). With
    ``settings.PACK_PART_TASKS`` the pieces go to the workers too. Raises
    ReportBuildError for a piece over its limits; WeasyPrint and template errors
    propagate.
    """
    title = report_pdf_title(report)
    context = performance_report_context(report=report)
    context["pdf_title"] = title

    def document(fragment: str, index: int, count: int) -> str:
        return render_to_string(TEMPLATE, {**context, "fragment": fragment,
                                           "first": index == 0})

    pieces = report_pieces(context, wrap=document, label="the performance report",
                           right=False)
    try:
        laid = pdf_sequence.lay_out(pieces, stylesheets=STYLESHEETS,
                                    dispatch=getattr(settings, "PACK_PART_TASKS", False))
    except pdf_sequence.PieceFailed as exc:
        raise ReportBuildError(f"The performance report could not be produced: {exc}.") \
            from exc
    footers = pdf_sequence.footers_file(
        html=render_to_string("indicators/report/footers.html",
                              {"title": title, "pages": laid.landscape}),
        stylesheets=FOOTER_STYLESHEETS)
    with pdf_parts.stitched(laid.files) as out:
        pdf_sequence.footers_apply(out, footers=footers)
        # Table header scopes were set on each piece when it was written.
        pdf_finish.finish_pdf(out, outline=_outline(context, laid.page_refs), scopes=False)
        data = pdf_finish.save(out)
    page_refs = {k: v for k, v in laid.page_refs.items() if k.startswith("indicator-")}
    return ReportBuild(pdf=data, title=title, page_count=laid.page_count,
                       page_refs=page_refs, layouts=laid.layouts)
