"""The demo performance report rendered on its own, read back from the PDF (done-when check)."""
import io
import re
import subprocess
import sys

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from indicators.demo import load_demo_indicators
from indicators.models import Indicator, PerformanceReport, PerformanceReportRender
from indicators.report.context import performance_report_context
from indicators.report.services import performance_report_render_request
from tests.test_indicators_demo import PUBLISHED_RAG, create_demo_boards

# (ref, RAG word, FYTD figure and change as the seed's summary table prints them)
SEED_ROWS = [
    ("2", "Red", "1319, up 26.1% (up 273 offences)", "Up 13.0%"),
    ("3", "Green", "1497, down 5.1% (down 81 offences)", "Down 2.1%"),
    ("1a", "Amber", "1785, no change 0% (down 6 offences)", "Up 2.6%"),
    ("10", "Amber", "57, no change 0% (0 offences)", "Down 5.5%"),
]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def rendered(db, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    create_demo_boards()
    load_demo_indicators()
    report = PerformanceReport.objects.get(board__slug="bd-csp")
    with django_capture_on_commit_callbacks(execute=True):
        render = performance_report_render_request(report=report, actor=None)
    render.refresh_from_db()
    assert render.status == PerformanceReportRender.Status.READY, render.error
    reader = PdfReader(io.BytesIO(render.file.read()))
    pages = [_flat(page.extract_text()) for page in reader.pages]
    return report, render, reader, pages


def test_rendered_report_matches_the_seed(rendered):
    report, render, reader, pages = rendered
    assert len(pages) == render.page_count
    assert "as at January 2018" in reader.metadata.title
    whole = " ".join(pages)
    # The executive summary is the approved text: the seed's own, with its four areas for
    # improvement (the draft from the ratings would list nine).
    improvement = whole[whole.index("Areas for improvement using"):
                        whole.index("Indicators for monitoring")]
    seed_lines = ["Burglary is up 26% (up 273 offences)",
                  "Serious Youth Violence is up 12% (up 23 victims)",
                  "Knife crime is up 57% (up 103 offences)",
                  "Repeat referrals to MARAC is 17.9% below the 28% to 40% recommended by "
                  "Safelives"]
    assert " ".join(improvement.split()) == " ".join(
        ["Areas for improvement using financial year to date figures to January 2018",
         *seed_lines])
    assert "Arson Incidents: 145 so far" not in whole  # a line of the draft, not approved
    assert "Domestic Abuse is up 7.4% (up 149 offences)" in whole
    # Figures the seed's table shows, the reoffending page's target year, nothing internal.
    assert "(Rate now 594 per 100,000 10-17 yr olds)" in whole
    reoffending = next(p for p in pages if p.startswith("11 · "))
    assert "2017/18 target" in reoffending
    for label in ("(overridden", "No actions given", "months' sum differ", "no single figure"):
        assert label not in whole, label
    for ref, rag, figure, london in SEED_ROWS:
        assert PUBLISHED_RAG[ref] == rag[0]
        row = re.search(rf" {ref} .{{0,200}}?{rag} {re.escape(figure)} {re.escape(london)} (\d+)",
                        whole)
        assert row, ref
        # The page column is where that one-page summary really starts.
        page = int(row.group(1))
        indicator = Indicator.objects.get(board=report.board, reference=ref)
        assert f"{ref} · {indicator.owning_subgroup.name} {indicator.title}" in pages[page - 1]

    # One one-page summary per indicator with a return, each on its own page.
    context = performance_report_context(report=report)
    kickers = [
        next(i for i, p in enumerate(pages) if f"{item['reference']} · " in p)
        for item in context["summaries"]
    ]
    assert len(context["summaries"]) == 15 and len(set(kickers)) == 15
    # A chart wherever there are monthly figures (drawn as vector paths in the PDF, so
    # checked in the HTML the PDF is laid out from).
    html = render_to_string("indicators/pdf/performance_report.html", context)
    charted = 0
    for item in context["summaries"]:
        monthly = [m for m in item["summary"]["months"] if m["this_year"] or m["last_year"]]
        assert bool(item["summary"]["chart_svg"]) == bool(monthly), item["reference"]
        charted += bool(monthly)
    assert html.count('role="img"') == charted == 5


def test_report_outline_has_one_entry_per_indicator(rendered):
    report, _render, reader, _pages = rendered
    titles = []

    def walk(items):
        for entry in items:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)

    walk(reader.outline)
    summaries = performance_report_context(report=report)["summaries"]
    for item in summaries:
        assert f"{item['reference']} {item['title']}" in titles
    assert len(titles) == len(set(titles))


def test_report_passes_pdfua_check(rendered, tmp_path):
    _report, render, _reader, _pages = rendered
    path = tmp_path / "report.pdf"
    path.write_bytes(render.file.open("rb").read())
    result = subprocess.run([sys.executable, "-m", "pdfua", "check", str(path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
