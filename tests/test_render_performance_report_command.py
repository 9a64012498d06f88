"""``manage.py render_performance_report`` (indicators.management.commands)."""
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from indicators.models import PerformanceReport, PerformanceReportRender
from tests.factories import IndicatorFactory, IndicatorReturnFactory, PerformanceReportFactory

# Real commits: the command queues the render with on_commit and polls for it.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def board(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ind = IndicatorFactory(name="Burglary", board__slug="bd-test")
    for period, fytd in ((dt.date(2017, 1, 1), 100), (dt.date(2018, 1, 1), 130)):
        IndicatorReturnFactory(indicator=ind, period=period, value=None, fytd_reported=fytd)
    return ind.board


def test_uses_the_boards_report_for_the_period(board, tmp_path):
    report = PerformanceReportFactory(board=board, title="Quarterly performance")
    out = tmp_path / "report.pdf"
    stdout = io.StringIO()
    call_command("render_performance_report", "bd-test", "--period", "2018-01", "--out",
                 str(out), stdout=stdout)
    render = PerformanceReportRender.objects.get(report=report)
    assert render.status == PerformanceReportRender.Status.READY
    reader = PdfReader(out)
    assert len(reader.pages) == render.page_count
    assert "Quarterly performance" in reader.pages[0].extract_text()
    assert f"{render.page_count} pages" in stdout.getvalue() and str(out) in stdout.getvalue()


def test_without_a_report_a_transient_one_is_used_and_removed(board, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("render_performance_report", "bd-test", "--period", "2018-01", "--out",
                 str(out), stdout=io.StringIO())
    text = PdfReader(out).pages[0].extract_text()
    assert "Performance report" in text and "January 2018" in text
    assert not PerformanceReport.objects.exists()
    assert not PerformanceReportRender.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--period", "2018-01"], "No board with slug 'nope'"),
        (["bd-test", "--period", "January"], "like 2018-01"),
    ],
)
def test_bad_arguments_are_clear_errors(board, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("render_performance_report", *args, "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_a_failed_render_is_reported(board, tmp_path, monkeypatch):
    from indicators.report import render as report_render

    def explode(**kwargs):
        raise RuntimeError("no fonts today")

    monkeypatch.setattr(report_render, "build_performance_report", explode)
    with pytest.raises(CommandError, match="no fonts today"):
        call_command("render_performance_report", "bd-test", "--period", "2018-01", "--out",
                     str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
