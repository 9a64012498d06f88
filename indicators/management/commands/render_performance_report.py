"""Render a board's performance report, as at a month, to a PDF file.

    python manage.py render_performance_report bd-csp --period 2018-01 --out report.pdf

Uses the board's PerformanceReport as at that month, or, when there is none,
a report titled "Performance report" made for this render and removed after
it. The PDF is requested through
indicators.report.services.performance_report_render_request, so with a broker
configured a worker renders it; the command polls the database until the
render is ready or failed (or --timeout seconds pass), like render_pack.
"""
import shutil

from django.core.management.base import BaseCommand, CommandError

from boards.models import Board
from csp_portal.renders import RenderFailed, RenderTimeout, render_wait
from indicators.models import PerformanceReport, PerformanceReportRender, ReportGrouping
from indicators.report.selectors import AsAtError, parse_as_at
from indicators.report.services import performance_report_render_request

TRANSIENT_TITLE = "Performance report"


class Command(BaseCommand):
    help = "Render a board's performance report (as at a month) to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("board", help="The board's slug, e.g. bd-csp.")
        parser.add_argument("--period", required=True, help="As-at month, YYYY-MM.")
        parser.add_argument("--out", required=True, help="Write the PDF to this file.")
        parser.add_argument(
            "--timeout", type=float, default=600, help="Seconds to wait for the render."
        )
        parser.add_argument(
            "--group-by", choices=ReportGrouping.values, default=None,
            help="Group the summary table by owning subgroup or by plan priority (a report "
                 "made for this render; a saved report keeps its own choice).",
        )

    def handle(self, *args, **options):
        try:
            board = Board.objects.get(slug=options["board"])
        except Board.DoesNotExist as exc:
            raise CommandError(f"No board with slug {options['board']!r}") from exc
        try:
            as_at = parse_as_at(options["period"])
        except AsAtError as exc:
            raise CommandError(str(exc)) from exc
        report = (
            PerformanceReport.objects.filter(board=board, as_at=as_at).order_by("-pk").first()
        )
        transient = report is None
        if transient:
            report = PerformanceReport.objects.create(
                board=board, as_at=as_at, title=TRANSIENT_TITLE,
                grouping=options["group_by"] or ReportGrouping.OWNING_SUBGROUP,
            )
        try:
            render = self._render(report, options["timeout"])
            shutil.copyfile(render.file.path, options["out"])
        finally:
            if transient:
                for made in report.renders.all():
                    if made.file:
                        made.file.delete(save=False)
                report.delete()
        self.stdout.write(
            f"{report.title} of {board.name} as at {as_at:%B %Y}: "
            f"{render.page_count} pages, {render.size_bytes} bytes, {options['out']}"
        )

    def _render(self, report: PerformanceReport, timeout: float) -> PerformanceReportRender:
        render = performance_report_render_request(report=report, actor=None)
        try:
            return render_wait(render=render, timeout=timeout)
        except (RenderTimeout, RenderFailed) as exc:
            raise CommandError(f"Performance report render {render.pk} {exc}") from exc
