"""Reads for the performance dashboard, one-page summary pages and report PDFs.

Who sees what (DOMAIN.md: Publication and access rules): the dashboard and the
one-page summary pages show approved figures of any month, so they are for
board members (the views declare VIEW_MEMBERS). A report's PDF is public only
when the report is unrestricted and tabled under an unrestricted agenda item of
a meeting whose agenda is published (it is then in the public pack anyway);
otherwise only members may fetch it, and to others it does not exist (404).
"""
from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django.db.models import Max, Prefetch
from django.http import Http404
from django.utils.html import format_html

from boards.models import Board
from boards.selectors import PUBLISHED_STATUSES
from csp_portal.renders import render_is_stuck, render_waiting_for_broker
from csp_portal.templatetags.govuk import rag_text_and_class
from indicators import performance as perf
from indicators.models import IndicatorReturn, PerformanceReport, PerformanceReportRender

from .context import performance_report_context
from .presenters import dashboard_rows_html, summary_href_maker, summary_lines_html

DASHBOARD_TITLE = "Performance"


class AsAtError(ValueError):
    """An ``as_at`` that is not a month in the form YYYY-MM; the message says so."""


def parse_as_at(text: str) -> dt.date:
    """``"2018-01"`` → 2018-01-01. Raises AsAtError for anything else."""
    try:
        year, month = text.strip().split("-")
        return dt.date(int(year), int(month), 1)
    except (ValueError, TypeError) as exc:
        raise AsAtError(
            f"Enter the month as a year and month, like 2018-01, not “{text}”"
        ) from exc


def board_reported_months(*, board: Board) -> list[dt.date]:
    """Months with at least one approved return of ``board``'s indicators, latest first."""
    return list(
        IndicatorReturn.objects.filter(
            indicator__board=board, status=IndicatorReturn.Status.APPROVED
        )
        .values_list("period", flat=True)
        .order_by("-period")
        .distinct()
    )


def board_latest_month(*, board: Board) -> dt.date | None:
    """The latest month with an approved return of ``board``'s indicators, or None."""
    return IndicatorReturn.objects.filter(
        indicator__board=board, status=IndicatorReturn.Status.APPROVED
    ).aggregate(latest=Max("period"))["latest"]


def transient_report(*, board: Board, as_at: dt.date, title: str = DASHBOARD_TITLE):
    """An unsaved PerformanceReport of ``board`` as at ``as_at``, for pages and previews."""
    return PerformanceReport(board=board, as_at=perf.month_start(as_at), title=title)


def _rag_tag(rating) -> str:
    return _rag_tag_html(rating.rag)


@cache
def _rag_tag_html(rag: str | None) -> str:
    # One tag per RAG code, built once: a dashboard shows hundreds.
    text, css = rag_text_and_class(rag)
    if rag == "X":
        text = "Grey (monitoring)"
    return format_html('<strong class="govuk-tag {}">{}</strong>', css, text)


def performance_dashboard_context(
    *, board: Board, as_at: dt.date, grouping: str | None = None
) -> dict[str, Any]:
    """The report's context as at ``as_at`` without charts or one-page summaries, plus each
    row's ``rag_tag`` HTML, each group's ``rows_html`` (its table rows,
    presenters.dashboard_rows_html) and ``executive_summary_html``: {"good",
    "improvement", "monitoring"} -> each list as HTML (presenters.summary_lines_html);
    ``grouping`` as performance_report_context takes it.

    Three queries whatever the number of indicators (four grouped by priority; see
    performance_report_context: the board is given); no URL lookup or template per row.
    """
    context = performance_report_context(report=transient_report(board=board, as_at=as_at),
                                         charts=False, grouping=grouping,
                                         summaries=False)
    href = cache(summary_href_maker(board_slug=board.slug, as_at=as_at))
    for group in context["groups"]:
        for row in group["rows"]:
            row["rag_tag"] = _rag_tag(row["rating"])
        group["rows_html"] = dashboard_rows_html(group["rows"], href)
    context["executive_summary_html"] = {}
    for key, lines in context["executive_summary"].items():
        for i, line in enumerate(lines):
            lines[i] = {"line": line, "rag_tag": _rag_tag(line.rating)}
        context["executive_summary_html"][key] = summary_lines_html(lines, href)
    return context


def indicator_summary_context(*, board: Board, reference: str, as_at: dt.date) -> dict[str, Any]:
    """One indicator's row of the report as at ``as_at``, with its chart; Http404 if unknown."""
    context = performance_report_context(
        report=transient_report(board=board, as_at=as_at), reference=reference
    )
    rows = [row for group in context["groups"] for row in group["rows"]]
    if not rows:
        raise Http404("No such indicator.")
    row = rows[0]
    row["rag_tag"] = _rag_tag(row["rating"])
    return {**context, "item": row}


def report_is_public(report: PerformanceReport) -> bool:
    """True when anyone may fetch ``report``'s PDF (see the module docstring)."""
    item = report.agenda_item
    return bool(
        not report.is_restricted
        and item is not None
        and item.restricted_by is None
        and item.meeting.status in PUBLISHED_STATUSES
    )


def performance_report_get(*, board: Board, pk: int, is_member: bool) -> PerformanceReport:
    """``board``'s report ``pk``; Http404 if missing or not for this visitor (report_is_public)."""
    report = (
        PerformanceReport.objects.select_related(
            "board", "agenda_item__meeting", "agenda_item__parent"
        )
        .filter(board=board, pk=pk)
        .first()
    )
    if report is None or not (is_member or report_is_public(report)):
        raise Http404("No such performance report.")
    return report


def board_performance_reports(*, board: Board) -> list[PerformanceReport]:
    """``board``'s reports, latest as-at first, each with ``latest_render`` (or None),
    ``ready_render``, ``waiting_for_broker``, ``render_stuck`` and ``render_again``.

    Two queries.
    """
    reports = list(
        PerformanceReport.objects.filter(board=board)
        .order_by("-as_at", "-pk")
        .prefetch_related(
            Prefetch("renders", queryset=PerformanceReportRender.objects.order_by("-queued_at",
                                                                                 "-pk"),
                     to_attr="render_list")
        )
    )
    for report in reports:
        latest = report.render_list[0] if report.render_list else None
        report.latest_render = latest
        report.ready_render = next(
            (r for r in report.render_list if r.status == PerformanceReportRender.Status.READY),
            None,
        )
        report.waiting_for_broker = latest is not None and render_waiting_for_broker(latest)
        report.render_stuck = latest is not None and render_is_stuck(latest)
        # "Render again" for a failed or stuck latest render (csp_portal.renders).
        report.render_again = latest if latest is not None and (
            latest.status == PerformanceReportRender.Status.FAILED or report.render_stuck
        ) else None
    return reports


def report_latest_ready_render(*, report: PerformanceReport) -> PerformanceReportRender:
    """The newest ready render of ``report``; Http404 when there is none."""
    render = (
        report.renders.filter(status=PerformanceReportRender.Status.READY)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if render is None or not render.file:
        raise Http404("This report has no PDF yet.")
    return render
