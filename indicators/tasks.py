"""Celery tasks of the indicators app. Tasks take primary keys and stay thin."""
from celery import shared_task

from .report import render


@shared_task(name="indicators.render_performance_report")
def render_performance_report(render_id: int) -> None:
    """Render the PerformanceReportRender ``render_id`` (see indicators.report.render)."""
    render.performance_report_render(render_id=render_id)
