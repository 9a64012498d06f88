"""indicators.report services, render and task: a report PDF requested, rendered and recorded."""
import datetime as dt
import hashlib

import pytest

from csp_portal.models import AuditEntry
from indicators.models import PerformanceReportRender
from indicators.report import render as report_render
from indicators.report import services as report_services
from tests.factories import (
    IndicatorFactory,
    IndicatorReturnFactory,
    PerformanceReportFactory,
    UserFactory,
)


@pytest.fixture
def report(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ind = IndicatorFactory(name="Burglary")
    for period, fytd in ((dt.date(2017, 1, 1), 100), (dt.date(2018, 1, 1), 130)):
        IndicatorReturnFactory(indicator=ind, period=period, value=None, fytd_reported=fytd)
    return PerformanceReportFactory(board=ind.board)


def test_request_queues_the_task_after_commit(report, django_capture_on_commit_callbacks,
                                              monkeypatch):
    from indicators import tasks

    queued = []
    monkeypatch.setattr(tasks.render_performance_report, "delay", queued.append)
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        render = report_services.performance_report_render_request(report=report, actor=user)
        assert queued == []
    assert render.status == PerformanceReportRender.Status.QUEUED
    assert render.requested_by == user
    for callback in callbacks:
        callback()
    assert queued == [render.pk]
    entry = AuditEntry.objects.get(action="performance_report_render.requested")
    assert entry.actor == user and entry.object_id == str(render.pk)


def test_task_renders_and_records_the_file(report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        render = report_services.performance_report_render_request(report=report, actor=None)
    render.refresh_from_db()
    assert render.status == PerformanceReportRender.Status.READY, render.error
    data = render.file.read()
    assert data.startswith(b"%PDF")
    assert render.size_bytes == len(data) and render.page_count >= 2
    assert render.checksum == hashlib.sha256(data).hexdigest()
    name = f"performance_reports/{report.board.slug}-performance-2018-01"
    assert render.file.name.startswith(name)
    assert render.started_at and render.finished_at
    actions = list(AuditEntry.objects.filter(object_id=str(render.pk))
                   .order_by("pk").values_list("action", flat=True))
    assert actions == [
        "performance_report_render.requested", "performance_report_render.rendering",
        "performance_report_render.ready",
    ]
    # Delivered twice: no second render.
    again = report_render.performance_report_render(render_id=render.pk)
    assert again.checksum == render.checksum and AuditEntry.objects.count() == 3


def test_a_failed_render_keeps_the_error(report, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("no fonts today")

    monkeypatch.setattr(report_render, "build_performance_report", explode)
    render = PerformanceReportRender.objects.create(report=report)
    render = report_render.performance_report_render(render_id=render.pk)
    assert render.status == PerformanceReportRender.Status.FAILED
    assert render.error.startswith("RuntimeError: no fonts today")
    assert render.finished_at is not None and not render.file
