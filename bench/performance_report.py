"""Time the performance report PDF: the demo report and synthetic boards of 100 and 500.

    make bench        (or: .venv/bin/python bench/performance_report.py [--sizes 100 500])

Each report is rendered through the Celery task, run eagerly in this process,
against a throwaway SQLite database and media folder; each synthetic
indicator has 24 months of approved returns. Prints seconds (best of
``--runs``) and seconds per indicator, so growth with the number of
indicators is visible. Not a test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="csp-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["CSP_VAR_DIR"] = str(WORK)
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from boards.models import Board, BoardKind  # noqa: E402
from indicators.models import (  # noqa: E402
    Indicator,
    IndicatorReturn,
    PerformanceReport,
    PerformanceReportRender,
)
from indicators.performance import add_months  # noqa: E402
from indicators.report.services import performance_report_render_request  # noqa: E402

AS_AT = dt.date(2018, 1, 1)


def synthetic_board(n: int) -> PerformanceReport:
    """A board with ``n`` count indicators over 5 subgroups, 24 approved months each."""
    top_kind = BoardKind.objects.get(slug="partnership_board")
    subgroup_kind = BoardKind.objects.get(slug="subgroup")
    board = Board.objects.create(name=f"Bench board {n}", slug=f"bench-{n}", kind=top_kind)
    subgroups = [
        Board.objects.create(name=f"Bench {n} subgroup {i}", slug=f"bench-{n}-sg-{i}",
                             parent=board, kind=subgroup_kind)
        for i in range(5)
    ]
    indicators = Indicator.objects.bulk_create(
        Indicator(board=board, owning_subgroup=subgroups[i % 5], reference=str(i + 1),
                  position=i + 1, name=f"Indicator {i + 1}", unit_label="offences",
                  target_type=Indicator.TargetType.REDUCTION,
                  definition="Count of offences. " * 8)
        for i in range(n)
    )
    first = add_months(AS_AT, -23)
    IndicatorReturn.objects.bulk_create(
        IndicatorReturn(indicator=ind, period=add_months(first, m),
                        value=Decimal(100 + (m * 7 + k) % 40),
                        status=IndicatorReturn.Status.APPROVED)
        for k, ind in enumerate(indicators)
        for m in range(24)
    )
    return PerformanceReport.objects.create(board=board, as_at=AS_AT, title="Bench report")


def demo_report() -> PerformanceReport:
    call_command("load_demo", verbosity=0)
    return PerformanceReport.objects.get(board__slug="bd-csp", as_at=AS_AT)


def time_render(report: PerformanceReport, runs: int) -> tuple[float, int]:
    best = float("inf")
    pages = 0
    for _ in range(runs):
        start = time.perf_counter()
        with transaction.atomic():
            render = performance_report_render_request(report=report, actor=None)
        render.refresh_from_db()
        elapsed = time.perf_counter() - start
        if render.status != PerformanceReportRender.Status.READY:
            raise SystemExit(f"render failed: {render.error}")
        best, pages = min(best, elapsed), render.page_count
    return best, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 500])
    parser.add_argument("--runs", type=int, default=3, help="Runs per report (best is kept).")
    parser.add_argument("--large-runs", type=int, default=1,
                        help="Runs for reports of more than 200 indicators.")
    args = parser.parse_args()
    call_command("migrate", verbosity=0, interactive=False)
    cases = [("demo (22 indicators)", demo_report(), args.runs)]
    for n in args.sizes:
        cases.append((f"synthetic {n}", synthetic_board(n), args.runs if n <= 200
                      else args.large_runs))
    print(f"{'report':<24}{'indicators':>11}{'pages':>7}{'runs':>6}{'seconds':>10}"
          f"{'s/indicator':>13}")
    for label, report, runs in cases:
        count = Indicator.objects.filter(board=report.board).count()
        seconds, pages = time_render(report, runs)
        print(f"{label:<24}{count:>11}{pages:>7}{runs:>6}{seconds:>10.2f}"
              f"{seconds / count:>13.3f}", flush=True)


if __name__ == "__main__":
    main()
