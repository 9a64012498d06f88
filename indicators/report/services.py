"""Writes for the performance report printed on its own (DOMAIN.md: the performance report).

A render is requested here (a PerformanceReportRender, queued, and the Celery
task ``indicators.render_performance_report`` queued once the transaction
commits); the worker then does the work in indicators.report.render. Every
change is audited.
"""
from __future__ import annotations

from django.db import transaction

from csp_portal.audit import audit_entry_create
from indicators.models import PerformanceReport, PerformanceReportRender
from indicators.tasks import render_performance_report


def performance_report_render_request(
    *, report: PerformanceReport, actor=None
) -> PerformanceReportRender:
    """Ask the worker for a PDF of ``report`` on its own.

    Creates a queued PerformanceReportRender, audits the request and queues the
    render task after the current transaction commits (in-process when no
    broker is configured). ``actor`` is a user or None (a command).
    """
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
