"""The performance dashboard, one-page summary pages and the performance report PDF."""
import datetime as dt

from django.core.files.base import ContentFile

from boards.models import SecurityClassification
from indicators.models import PerformanceReportRender

from . import EVERYONE, MEMBERS_ONLY, MEMBERS_SEE, Case

UNKNOWN_TO_MEMBERS = (302, 403, 404, 404, 404)
QUEUED = (302, 403, 403, 302, 302)  # chair and clerk are sent back to the dashboard


def _ready_render(report, content: bytes) -> None:
    render = PerformanceReportRender(
        report=report, status=PerformanceReportRender.Status.READY, page_count=1,
        size_bytes=len(content),
    )
    render.file.save(f"report-{report.pk}.pdf", ContentFile(content), save=False)
    render.save()


def extend_world(world) -> None:
    """An indicator with approved returns, and three reports with a ready PDF each:
    tabled at the published meeting (public), restricted, and not tabled."""
    from tests.factories import (
        IndicatorFactory,
        IndicatorReturnFactory,
        PerformanceReportFactory,
    )

    world.report_indicator = IndicatorFactory(board=world.board, owning_subgroup=world.subgroup,
                                       reference="2", name="Burglary")
    for period, value in ((dt.date(2017, 1, 1), 100), (dt.date(2018, 1, 1), 120)):
        IndicatorReturnFactory(indicator=world.report_indicator, period=period, value=None,
                               fytd_reported=value)
    world.public_report = PerformanceReportFactory(board=world.board, agenda_item=world.item)
    world.restricted_report = PerformanceReportFactory(
        board=world.board, title="Restricted performance report",
        security=SecurityClassification.RESTRICTED, exempt_paragraph=7,
    )
    world.untabled_report = PerformanceReportFactory(board=world.board, title="Draft report")
    for report in (world.public_report, world.restricted_report, world.untabled_report):
        _ready_render(report, b"%PDF performance report")
    world.failed_report_render = PerformanceReportRender.objects.create(
        report=world.untabled_report, status=PerformanceReportRender.Status.FAILED,
        error="The worker stopped",
    )


def _report(name: str):
    return lambda w: {"slug": w.board.slug, "report_pk": getattr(w, name).pk}


EXPECTED: dict[str, list[Case]] = {
    "indicators:dashboard": [
        Case("partnership board", lambda w: {"slug": w.board.slug}, MEMBERS_ONLY),
    ],
    "indicators:indicator_summary": [
        Case("an indicator", lambda w: {"slug": w.board.slug, "reference": "2"}, MEMBERS_ONLY),
        Case("no such indicator", lambda w: {"slug": w.board.slug, "reference": "99"},
             UNKNOWN_TO_MEMBERS),
    ],
    "indicators:report_download": [
        Case("report tabled at a published meeting", _report("public_report"), EVERYONE),
        Case("restricted report", _report("restricted_report"), MEMBERS_SEE),
        Case("report not tabled", _report("untabled_report"), MEMBERS_SEE),
    ],
    "indicators:executive_summary_edit": [
        Case("form", _report("public_report"), (302, 403, 200, 200, 200)),
        Case("save", _report("public_report"), (302, 403, 302, 302, 302), method="post",
             data=lambda w: {"text": "Good performance\n- Criminal Damage is down.", "save": ""}),
        Case("approve", _report("public_report"), (302, 403, 403, 302, 302), method="post",
             data=lambda w: {"text": "Good performance\n- Criminal Damage is down.",
                             "approve": ""}),
        Case("restricted report", _report("restricted_report"), (302, 403, 200, 200, 200)),
    ],
    "indicators:report_render_again": [
        Case("a failed render", lambda w: {"slug": w.board.slug,
                                           "report_pk": w.untabled_report.pk,
                                           "render_pk": w.failed_report_render.pk},
             QUEUED, method="post"),
        Case("by GET", lambda w: {"slug": w.board.slug, "report_pk": w.untabled_report.pk,
                                  "render_pk": w.failed_report_render.pk},
             (302, 403, 403, 405, 405)),
    ],
    "indicators:report_render_request": [
        Case("produce the PDF", _report("public_report"), QUEUED, method="post"),
        Case("produce a restricted report's PDF", _report("restricted_report"), QUEUED,
             method="post"),
    ],
}
