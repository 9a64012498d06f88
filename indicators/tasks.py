"""Celery tasks of the indicators app. Tasks take primary keys and stay thin.

The render task is acknowledged only when it ends and goes back on the queue
if its worker dies, within a hard time limit shorter than the broker's
visibility timeout, as the agenda pack's (boards.tasks); the render is
idempotent (csp_portal.renders.render_perform).

indicators.report.render (WeasyPrint, pikepdf, matplotlib) is imported inside the
tasks: the web processes import this module to queue renders and need not load it.
"""
from celery import shared_task
from django.conf import settings


@shared_task(
    name="indicators.render_performance_report", acks_late=True, reject_on_worker_lost=True,
    time_limit=settings.RENDER_TIME_LIMIT, soft_time_limit=settings.RENDER_SOFT_TIME_LIMIT,
)
def render_performance_report(render_id: int) -> None:
    """Render the PerformanceReportRender ``render_id`` (see indicators.report.render)."""
    from .report import render

    render.performance_report_render(render_id=render_id)


@shared_task(name="indicators.expire_stale_report_renders")
def expire_stale_report_renders() -> int:
    """Run by celery beat: fail report renders no worker finished, as pack renders are."""
    from .report import render

    return render.performance_report_renders_expire()


@shared_task(name="indicators.dispatch_queued_report_renders")
def dispatch_queued_report_renders() -> int:
    """Run by celery beat and at worker start: send the renders the broker could not take."""
    from .report import render

    return render.performance_report_renders_dispatch(task=render_performance_report)
