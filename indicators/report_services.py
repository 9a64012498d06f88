"""Writes for the performance report printed on its own (DOMAIN.md: the performance report).

A render is requested (a PerformanceReportRender, queued, and the Celery task
``indicators.render_performance_report`` queued once the transaction commits),
then the worker renders it: queued -> rendering -> ready, or failed with the
error, as agenda pack renders do (boards.services). Every change is audited.
"""
from __future__ import annotations

import logging

from django.db import transaction

from csp_portal.audit import audit_entry_create
from csp_portal.renders import render_perform

from .models import PerformanceReport, PerformanceReportRender
from .report import build_performance_report

logger = logging.getLogger(__name__)


def report_file_name(*, render: PerformanceReportRender) -> str:
    """"<board-slug>-performance-<yyyy-mm>-<pk>.pdf", stored under performance_reports/."""
    report = render.report
    return f"{report.board.slug}-performance-{report.as_at:%Y-%m}-{render.pk}.pdf"


def performance_report_render_request(
    *, report: PerformanceReport, actor=None
) -> PerformanceReportRender:
    """Ask the worker for a PDF of ``report`` on its own.

    Creates a queued PerformanceReportRender, audits the request and queues the
    render task after the current transaction commits (in-process when no
    broker is configured). ``actor`` is a user or None (a command).
    """
    from .tasks import render_performance_report

    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    render = PerformanceReportRender.objects.create(report=report, requested_by=actor)
    audit_entry_create(
        obj=render,
        action="performance_report_render.requested",
        actor=actor,
        summary=f"PDF requested of {report}",
        detail={"report": report.pk, "status": [None, "queued"]},
    )
    pk = render.pk
    transaction.on_commit(lambda: render_performance_report.delay(pk))
    return render


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
        action_prefix="performance_report_render",
        subject=f"PDF of {render.report}",
        logger=logger,
        label="Performance report render",
    )
