"""The worker's part of a performance report render: build the PDF, store it, record it.

queued -> rendering -> ready, or failed with the error, as agenda pack renders
do (boards.packs.render); the bookkeeping is csp_portal.renders.render_perform.
Called by the task ``indicators.render_performance_report``; requests are made
by indicators.report.services.
"""
from __future__ import annotations

import logging
from typing import Any

from csp_portal.renders import render_perform, renders_dispatch_queued, renders_expire
from indicators.models import PerformanceReportRender

from .builder import build_performance_report

logger = logging.getLogger(__name__)


def report_file_name(*, render: PerformanceReportRender) -> str:
    """"<board-slug>-performance-<yyyy-mm>-<pk>.pdf", stored under performance_reports/."""
    report = render.report
    return f"{report.board.slug}-performance-{report.as_at:%Y-%m}-{render.pk}.pdf"


def performance_report_render(*, render_id: int) -> PerformanceReportRender:
    """Render a requested report PDF: build it, store it, record what it is.

    Status goes rendering (``started_at``) -> ready, with the file stored as
    ``performance_reports/<board-slug>-performance-<yyyy-mm>-<pk>.pdf``,
    ``page_count``, ``size_bytes`` and ``checksum`` (SHA-256 hex); or failed,
    with ``error``. Always sets ``finished_at``. Never raises for a failed
    build (logged and recorded); raises PerformanceReportRender.DoesNotExist
    for an unknown id. A render already ready is returned unchanged. The
    bookkeeping is csp_portal.renders.render_perform, as for agenda packs.
    """
    render = PerformanceReportRender.objects.select_related("report__board").get(pk=render_id)
    return render_perform(
        render=render,
        build=lambda: build_performance_report(report=render.report),
        file_name=lambda: report_file_name(render=render),
        action_prefix=ACTION_PREFIX,
        subject=render_subject(render),
        logger=logger,
        label="Performance report render",
    )


ACTION_PREFIX = "performance_report_render"


def render_subject(render: PerformanceReportRender) -> str:
    """How audit entries name the render: "PDF of <report>"."""
    return f"PDF of {render.report}"


def performance_report_renders_expire() -> int:
    """Fail every report render no retry can still finish, as pack renders are
    (csp_portal.renders.renders_expire). Returns how many were failed."""
    return renders_expire(render_model=PerformanceReportRender, action_prefix=ACTION_PREFIX,
                          subject=render_subject, what="the report")


def performance_report_renders_dispatch(*, task: Any) -> int:
    """Send ``task`` (the render task) for every report render the broker never took."""
    return renders_dispatch_queued(render_model=PerformanceReportRender, task=task,
                                   action_prefix=ACTION_PREFIX)
