"""Agenda pack and performance report renders against Chromium printing the same HTML.

    .venv/bin/python bench/run.py --only packs          (part of `make bench`)
    .venv/bin/python bench/packs.py --rounds 3          (prints the rows as JSON)

Run in a process of its own (``measures`` starts this file), against a throwaway
SQLite database and media folder holding the demo. Each round, interleaved:
Chromium (Debian's /usr/bin/chromium, ``--headless --print-to-pdf``) prints the
pack's HTML (every part's body, front matter first, stylesheets inlined) once;
both editions are published cold (part store and chart cache emptied): requested
as the publish click does and rendered by a worker of two processes (kombu's
filesystem broker, as `make run` has; the worker keeps no front matter or charts
between rounds); rendered cold by this process with that worker sharing the
pieces; and cold again by this process alone; then again after one paper's
text changed; then again with nothing changed; then the
22-indicator performance report cold, with the worker. Ratios are wall-clock seconds over
Chromium's seconds in the same round; the table gives the median and min over
rounds. The 100 and 500 indicator reports are rendered each in a process of
their own (its peak RSS is the figure). The publish request is timed from the
view's service call with a real (filesystem) broker and no worker: what the
click waits for. Not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REPORT_SIZES = (100, 500)


def measures(rounds: int = 3) -> list[dict]:
    """The rows of the table (bench/run.py), computed in child processes."""
    out = subprocess.run(
        [sys.executable, str(Path(__file__)), "--rounds", str(rounds)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench/packs.py failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _setup() -> Path:
    work = Path(tempfile.mkdtemp(prefix="csp-bench-packs-"))
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "csp_portal.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "1"
    os.environ["CSP_VAR_DIR"] = str(work)
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.pop("CACHE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return work


def _ratio_row(measure: str, values: list[float], goal: float) -> dict:
    med, low = statistics.median(values), min(values)
    met = med <= goal
    value = f"{med:.2f} (min {low:.2f})"
    if not met:
        value += f", {med / goal:.1f}× the goal"
    return {"measure": measure, "value": value, "goal": f"≤ {goal}", "met": met}


def _chromium_html(recorded: list[tuple[str, tuple]]) -> str:
    """One HTML document from the documents a build laid out: their bodies in order, their
    stylesheets inlined once."""
    from django.template.loader import get_template

    sheets: list[str] = []
    bodies = []
    for html, stylesheets in recorded:
        for sheet in stylesheets:
            if sheet not in sheets:
                sheets.append(sheet)
        match = re.search(r"<body[^>]*>(.*)</body>", html, re.S)
        bodies.append(f"<div style='break-before: page'>{match.group(1) if match else html}"
                      f"</div>")
    css = "\n".join(get_template(s).template.source for s in sheets)
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Pack'
            f"</title><style>{css}</style></head><body>{''.join(bodies)}</body></html>")


def _chromium_seconds(html_path: Path, pdf_path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf_path}", html_path.as_uri()],
        capture_output=True, check=True, timeout=300,
    )
    return time.perf_counter() - start


def _start_worker(work: Path) -> subprocess.Popen:
    """A `celery worker` with two processes on kombu's filesystem broker in ``work``."""
    env = {**os.environ, "CELERY_BROKER_URL": "filesystem://",
           "CELERY_BROKER_FOLDER": str(work / "broker"), "DEBUG": "1",
           # Cold in every round: the worker keeps no laid-out front matter or charts.
           "PDF_PART_CACHE_SIZE": "0", "CHART_CACHE_URL": "dummycache://"}
    celery = str(Path(sys.executable).with_name("celery"))
    return subprocess.Popen(
        [celery, "-A", "csp_portal", "worker", "--concurrency", "2", "--without-mingle",
         "--without-gossip", "--without-heartbeat", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(work / "worker.log", "w"),
    )


def _use_worker(work: Path, on: bool) -> None:
    """Send pieces to the worker (``on``) or lay every piece out in this process."""
    from django.conf import settings

    from csp_portal.celery import app

    settings.PACK_PART_TASKS = on
    app.conf.task_always_eager = not on
    if on:
        folder = work / "broker"
        app.conf.broker_url = "filesystem://"
        app.conf.broker_transport_options = {
            "data_folder_in": str(folder / "queue"), "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"), "store_processed": False,
            "polling_interval": 0.1,
        }


def _pack_rounds(rounds: int, work: Path) -> dict[str, list[float]]:
    import datetime as dt

    from django.conf import settings
    from django.core.cache import caches
    from django.core.management import call_command

    from boards.models import Meeting, PaperSection
    from boards.packs import build_agenda_pack
    from csp_portal import pdf_cache
    from csp_portal.pdf_sequence import PLACEHOLDER_PAGE
    from indicators.models import PerformanceReport

    call_command("load_demo", verbosity=0)
    meeting = Meeting.objects.get(board__slug="bd-csp", start__date=dt.date(2018, 3, 28))
    report = PerformanceReport.objects.filter(board__slug="bd-csp").order_by("-as_at").first()
    section = PaperSection.objects.filter(
        paper__agenda_item__meeting=meeting, kind=PaperSection.Kind.TEXT, paper__uploaded_pdf="",
    ).exclude(body="").order_by("pk").first()

    # The pack's HTML as the renderer sees it, recorded once for Chromium: every piece once
    # (not the blank back of a sheet, the report head's measuring layout or the footers).
    recorded: list[tuple[str, tuple]] = []
    real = pdf_cache.layout_limited

    def recording(*, html, stylesheets=()):
        if not any(mark in html for mark in ('<section class="part"></section>',
                                             f">{PLACEHOLDER_PAGE}<", "footer-pages")):
            recorded.append((html, tuple(stylesheets)))
        return real(html=html, stylesheets=stylesheets)

    pdf_cache.cache_clear()
    pdf_cache.layout_limited = recording
    try:
        build_agenda_pack(meeting=meeting, edition="members")
    finally:
        pdf_cache.layout_limited = real
    front = [r for r in recorded if "pack-body" not in r[0]]
    body = [r for r in recorded if "pack-body" in r[0]]
    html_path = work / "pack.html"
    html_path.write_text(_chromium_html(front + body))

    def editions() -> float:
        start = time.perf_counter()
        for edition in ("public", "members"):
            build_agenda_pack(meeting=meeting, edition=edition)
        return time.perf_counter() - start

    def cold_start() -> None:
        pdf_cache.cache_clear()
        caches["charts"].clear()
        shutil.rmtree(Path(settings.MEDIA_ROOT) / "parts", ignore_errors=True)

    for sub in ("queue", "processed", "control"):
        (work / "broker" / sub).mkdir(parents=True, exist_ok=True)
    worker = _start_worker(work)
    time.sleep(8)  # the worker's start-up, not part of any figure
    figures: dict[str, list[float]] = {k: [] for k in (
        "chromium", "cold", "one_paper", "unchanged", "report", "cold_s", "unchanged_s",
        "cold_workers", "cold_workers_s", "published", "published_s")}
    try:
        for n in range(rounds):
            _round(n, figures, html_path=html_path, work=work, editions=editions,
                   cold_start=cold_start, section=section, report=report, meeting=meeting)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    return figures


def _published(meeting) -> float:
    """Seconds from asking for both packs (the publish click's service call) until the
    worker has rendered both: the packs as a deployment makes them, each edition a render
    task, their pieces shared between the worker's two processes."""
    from boards.models import PackRender
    from boards.services import agenda_pack_request

    start = time.perf_counter()
    renders = [agenda_pack_request(meeting=meeting, edition=e) for e in ("public", "members")]
    done = {PackRender.Status.READY, PackRender.Status.FAILED}
    while True:
        statuses = list(PackRender.objects.filter(pk__in=[r.pk for r in renders])
                        .values_list("status", flat=True))
        if all(status in done for status in statuses):
            break
        if time.perf_counter() - start > 600:
            raise TimeoutError("the worker did not render the packs")
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if PackRender.Status.FAILED in statuses:
        raise RuntimeError("a pack render failed on the worker")
    return seconds


def _round(n, figures, *, html_path, work, editions, cold_start, section, report,
           meeting) -> None:
    """One interleaved round: Chromium, cold on the worker (published, and rendered here
    with the worker's help), cold alone, one paper changed, nothing changed, the report
    cold; appends to ``figures``."""
    from django.db import transaction

    from indicators.report.builder import build_performance_report

    chromium = _chromium_seconds(html_path, work / "chromium.pdf")
    _use_worker(work, True)
    cold_start()
    published = _published(meeting)
    cold_start()
    cold_workers = editions()
    _use_worker(work, False)
    cold_start()
    cold = editions()
    with transaction.atomic():
        section.body = section.body + f" Round {n}."
        section.save()
    one_paper = editions()
    unchanged = editions()
    # The report as a deployment renders it: its pieces shared with the worker.
    _use_worker(work, True)
    cold_start()
    start = time.perf_counter()
    build_performance_report(report=report)
    report_seconds = time.perf_counter() - start
    _use_worker(work, False)
    figures["published"].append(published / chromium)
    figures["published_s"].append(published)
    figures["cold_workers"].append(cold_workers / chromium)
    figures["cold_workers_s"].append(cold_workers)
    figures["chromium"].append(chromium)
    figures["cold"].append(cold / chromium)
    figures["cold_s"].append(cold)
    figures["one_paper"].append(one_paper / chromium)
    figures["unchanged"].append(unchanged / chromium)
    figures["unchanged_s"].append(unchanged)
    figures["report"].append(report_seconds / chromium)
    print(f"round {n + 1}: chromium {chromium:.2f} s, published {published:.2f} s, "
          f"cold with the worker "
          f"{cold_workers:.2f} s, cold {cold:.2f} s, one paper "
          f"{one_paper:.2f} s, unchanged {unchanged:.2f} s, report {report_seconds:.2f} s",
          file=sys.stderr, flush=True)


def _publish_latency(rounds: int) -> list[float]:
    """Seconds the publish request's service call takes with a broker and no worker."""
    from django.conf import settings
    from django.db import transaction

    from boards.models import Meeting
    from boards.services import agenda_pack_request

    settings.CELERY_TASK_ALWAYS_EAGER = False
    from csp_portal.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "filesystem://"
    folder = Path(os.environ["CSP_VAR_DIR"]) / "bench-broker"
    folder.mkdir(exist_ok=True)
    app.conf.broker_transport_options = {"data_folder_in": str(folder),
                                         "data_folder_out": str(folder)}
    meeting = Meeting.objects.filter(board__slug="bd-csp").order_by("-start").first()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        with transaction.atomic():
            for edition in ("public", "members"):
                agenda_pack_request(meeting=meeting, edition=edition)
        times.append(time.perf_counter() - start)
    return times


def _report_size(n: int) -> dict:
    """Render a synthetic ``n``-indicator report in this process: seconds and peak RSS."""
    sys.argv = [sys.argv[0]]
    from bench.performance_report import synthetic_board
    from indicators.report.builder import build_performance_report

    report = synthetic_board(n)
    start = time.perf_counter()
    build = build_performance_report(report=report)
    seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "seconds": seconds, "pages": build.page_count, "rss_mb": rss_mb}


def _report_sizes(sizes) -> list[dict]:
    found = []
    for n in sizes:
        out = subprocess.run([sys.executable, str(Path(__file__)), "--report-size", str(n)],
                             capture_output=True, text=True, check=False, cwd=ROOT)
        if out.returncode != 0:
            found.append({"n": n, "error": out.stderr.strip().splitlines()[-1:]})
            continue
        found.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--report-size", type=int, help="(internal) one synthetic report")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(REPORT_SIZES),
                        help="Synthetic report sizes (none: leave that row out).")
    args = parser.parse_args()
    work = _setup()
    if args.report_size:
        print(json.dumps(_report_size(args.report_size)))
        return
    figures = _pack_rounds(args.rounds, work)
    chromium = statistics.median(figures["chromium"])
    rows = [
        _ratio_row("both editions cold, published: requested and rendered by a worker with 2 "
                   "processes / Chromium printing the same pack HTML once (cold "
                   f"{statistics.median(figures['published_s']):.2f} s)",
                   figures["published"], 1.0),
        _ratio_row("both editions cold, a worker with 2 processes / Chromium printing the "
                   f"same pack HTML once (Chromium {chromium:.2f} s, cold "
                   f"{statistics.median(figures['cold_workers_s']):.2f} s)",
                   figures["cold_workers"], 1.0),
        _ratio_row("both editions cold, laid out by the rendering process alone / Chromium "
                   f"(cold {statistics.median(figures['cold_s']):.2f} s)", figures["cold"], 1.0),
        _ratio_row("re-publish after one paper's text changes / the same Chromium time",
                   figures["one_paper"], 0.25),
        _ratio_row("re-publish with nothing changed "
                   f"({statistics.median(figures['unchanged_s']):.2f} s)",
                   figures["unchanged"], 0.1),
        _ratio_row("performance report, 22 indicators, cold, with the worker / Chromium time "
                   "(the pack's)",
                   figures["report"], 0.5),
    ]
    sizes = _report_sizes(args.sizes)
    per = [s["seconds"] / s["n"] for s in sizes if "seconds" in s]
    linear = bool(per) and len(per) == len(sizes) and max(per) <= 1.25 * min(per)
    under = all(s.get("rss_mb", 1e9) < 1024 for s in sizes)
    text = "; ".join(
        f"{s['n']}: {s['seconds'] / s['n']:.3f} s/indicator, {s['rss_mb']:.0f} MB"
        if "seconds" in s else f"{s['n']}: failed {s['error']}" for s in sizes
    )
    if sizes:
        rows.append({"measure": "100 and 500 indicator reports: seconds per indicator, and "
                     "peak RSS", "value": text, "goal": "linear; < 1 GB",
                     "met": linear and under})
    latency = _publish_latency(max(3, args.rounds))
    med = statistics.median(latency) * 1000
    rows.append({"measure": "publish request latency (the click: both packs requested)",
                 "value": f"{med:.0f} ms (min {min(latency) * 1000:.0f} ms)",
                 "goal": "< 300 ms", "met": med < 300})
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
