"""indicators.report.context.performance_report_context and the report's PDF fragment."""
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from indicators.demo import load_demo_indicators
from indicators.models import Indicator, IndicatorReturn, PerformanceReport
from indicators.report.context import executive_summary_draft, performance_report_context
from tests.factories import (
    BoardFactory,
    IndicatorFactory,
    IndicatorReturnFactory,
    PerformanceReportFactory,
    SubgroupFactory,
)
from tests.test_indicators_demo import create_demo_boards

JAN_2018 = dt.date(2018, 1, 1)
TEMPLATE = "indicators/pdf/performance_report.html"


@pytest.fixture
def report(db) -> PerformanceReport:
    create_demo_boards()
    load_demo_indicators()
    return PerformanceReport.objects.get(board__slug="bd-csp")


def _rows(ctx) -> dict[str, dict]:
    return {row["reference"]: row for group in ctx["groups"] for row in group["rows"]}


def test_header_and_executive_summary_are_written_from_the_ratings(report):
    ctx = performance_report_context(report=report)
    header = dict(ctx["header"])
    assert header["Subject"] == "Community Safety Partnership Performance Report"
    assert header["Date"] == "Wednesday 28 March 2018"
    assert header["Security"] == "UNRESTRICTED"
    assert ctx["as_at_label"] == "January 2018"
    summary = {key: [line.sentence for line in lines]
               for key, lines in ctx["executive_summary"].items()}
    assert "Burglary is up 26.1% (up 273 offences)." in summary["improvement"]
    assert "Serious Youth Violence is up 11.9% (up 23 victims)." in summary["improvement"]
    improvement = summary["improvement"]
    marac = "Number of repeat referrals to MARAC is 17.9%, below the 28% to 40% range"
    assert any(s.startswith(marac) for s in improvement)
    assert any(s.startswith("Arson Incidents: 145") and "140.8" in s for s in improvement)
    assert "Criminal Damage is down 5.1% (down 81 offences)." in summary["good"]
    assert any("reoffences per reoffender" in s for s in summary["good"])
    assert "Domestic Abuse is up 7.4% (up 149 offences)." in summary["monitoring"]
    assert "Sexual Offences is up 0.8% (up 3 offences)." in summary["monitoring"]
    # Amber ratings are areas for improvement too, after the Reds.
    improvement_refs = [line.reference for line in ctx["executive_summary"]["improvement"]]
    assert improvement_refs == ["2", "5", "6", "7", "8", "20", "1a", "1b", "10"]
    # Grammatical: "shows no change", not "is no change 0%"; a name is not said twice.
    assert "Violence With Injury shows no change (down 6 offences)." in improvement
    assert "Gun Crime shows no change on last year." in improvement
    fte = next(s for s in improvement if s.startswith("First Time Entrants"))
    assert fte.startswith("First Time Entrants into the Criminal Justice System is down 1.4% "
                          "(down 2).")
    assert "Hate Crime: see its one-page summary." in summary["monitoring"]
    assert [line.reference for line in ctx["executive_summary"]["good"]] == ["3", "4", "11"]
    assert [line.reference for line in ctx["executive_summary"]["monitoring"]] == [
        "15", "19", "21",
    ]


def test_executive_summary_draft_lists_the_sentences_under_their_headings(report):
    ctx = performance_report_context(report=report, charts=False)
    draft = executive_summary_draft(ctx)
    blocks = draft.split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [
        "Good performance using financial year to date figures to January 2018",
        "Areas for improvement using financial year to date figures to January 2018",
        "Indicators for monitoring",
    ]
    assert blocks[1].count("\n- ") == 9
    assert "- Burglary is up 26.1% (up 273 offences)." in blocks[1]


def test_summary_table_grouped_by_subgroup_in_reference_order(report):
    ctx = performance_report_context(report=report)
    assert [g["name"] for g in ctx["groups"]] == [
        "Safer Borough Board", "Children and Young People", "Managing Offenders",
        "Hate, Intolerance and Extremism", "Violence against Women and Girls (VAWG)",
    ]
    assert [r["reference"] for r in ctx["groups"][0]["rows"]] == ["1a", "1b", "2", "3", "4", "5"]
    rows = _rows(ctx)
    burglary = rows["2"]
    assert (burglary["figure"], burglary["change_text"], burglary["london_text"]) == (
        "1319", "up 26.1% (up 273 offences)", "Up 13.0%",
    )
    assert burglary["rating"].label == "Red"
    assert rows["1a"]["change_text"] == "no change 0% (down 6 offences)"
    assert rows["9"]["in_development"] and rows["9"]["rating"].rag is None
    assert rows["6"]["london_text"] == "Rate 403 per 100,000 10 - 17 yr olds"
    assert rows["11"]["figure"] == "31.1%"


def test_page_refs_fill_the_page_column(report):
    burglary = Indicator.objects.get(reference="2")
    ctx = performance_report_context(report=report, page_refs={f"indicator-{burglary.pk}": 52})
    rows = _rows(ctx)
    assert rows["2"]["page"] == 52 and rows["3"]["page"] is None


def test_one_page_summaries(report):
    ctx = performance_report_context(report=report)
    summaries = {item["reference"]: item for item in ctx["summaries"]}
    assert set(summaries) == {
        "1a", "1b", "2", "3", "4", "5", "6", "7", "8", "10", "11", "15", "19", "20", "21",
    }
    charted = {ref for ref, item in summaries.items() if item["summary"]["chart_svg"]}
    assert charted == {"1a", "2", "8", "10", "20"}
    burglary = summaries["2"]["summary"]
    assert [q["this_year"] for q in burglary["quarters"]] == ["382", "347", "404", ""]
    [check] = [c for c in burglary["fytd_checks"] if c.differs]
    assert (check.reported, check.months_sum) == (Decimal("1319"), Decimal("1309"))
    assert burglary["overview"].startswith("Financial Year to date figures at January 2018")
    fte = summaries["6"]["summary"]
    assert fte["rag_text"].startswith("Red (overridden: Barking and Dagenham has remained")
    assert summaries["20"]["summary"]["quarters"] == []  # percentages are not summed


def test_as_at_excludes_later_and_unapproved_returns(report):
    before = render_to_string(TEMPLATE, performance_report_context(report=report))
    burglary = Indicator.objects.get(reference="2")
    IndicatorReturnFactory(indicator=burglary, period=dt.date(2018, 2, 1), value=90,
                           fytd_reported=1409)
    knife = Indicator.objects.get(reference="7")
    jan = knife.returns.get(period=JAN_2018)
    jan.fytd_reported = Decimal("999")
    jan.status = IndicatorReturn.Status.SUBMITTED  # re-opened: no longer approved
    jan.save()
    IndicatorReturnFactory(indicator=knife, period=dt.date(2017, 12, 1), value=None,
                           fytd_reported=300, status=IndicatorReturn.Status.DRAFT)

    ctx = performance_report_context(report=report)
    rows = _rows(ctx)
    assert rows["2"]["figure"] == "1319" and rows["2"]["period"] == JAN_2018
    # Knife crime falls back to its latest approved return: none this year.
    assert rows["7"]["period"] == dt.date(2017, 1, 1) and rows["7"]["figure"] == "255"

    jan.fytd_reported, jan.status = Decimal("379"), IndicatorReturn.Status.APPROVED
    jan.save()
    after = render_to_string(TEMPLATE, performance_report_context(report=report))
    assert after == before


def _board_with_indicators(n: int) -> PerformanceReport:
    board = BoardFactory()
    subgroups = [SubgroupFactory(parent=board) for _ in range(3)]
    for i in range(n):
        ind = IndicatorFactory(board=board, owning_subgroup=subgroups[i % 3], reference=f"{i + 1}")
        IndicatorReturnFactory(indicator=ind, period=JAN_2018, value=None, fytd_reported=100 + i)
        IndicatorReturnFactory(indicator=ind, period=dt.date(2017, 1, 1), value=None,
                               fytd_reported=100)
    return PerformanceReportFactory(board=board, as_at=JAN_2018)


def _queries(report: PerformanceReport) -> int:
    report = PerformanceReport.objects.get(pk=report.pk)
    with CaptureQueriesContext(connection) as ctx:
        context = performance_report_context(report=report)
        render_to_string(TEMPLATE, context)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_indicators(db):
    small, large = _board_with_indicators(3), _board_with_indicators(30)
    assert _queries(small) == _queries(large) <= 4


def test_fragment_markup(report):
    ctx = performance_report_context(report=report)
    html = render_to_string(TEMPLATE, ctx)
    assert not re.search(r"<(html|head|body)[\s>]", html)
    assert f'<section class="paper performance-report" id="paper-performance-{report.pk}"' in html
    for label in ("Subject", "Date", "Author", "Contact", "Job title", "Sponsor", "Security"):
        assert f'<th scope="row">{label}:</th>' in html
    assert html.count('<table class="summary-table">') == 5
    assert "<caption>Safer Borough Board</caption>" in html
    assert '<span class="rag rag--red">Red</span>' in html
    assert '<span class="rag rag--grey">Grey (monitoring)</span>' in html
    assert html.count("In development</span>") == 8
    summaries = re.findall(r'<section class="one-page-summary" id="indicator-(\d+)"', html)
    assert len(summaries) == 15
    assert html.count('role="img"') == 5
    assert "1.16 The following actions are taking place" in html


def test_one_page_summaries_start_on_a_new_page(db):
    weasyprint = pytest.importorskip("weasyprint")
    report = _board_with_indicators(3)
    html = render_to_string(TEMPLATE, performance_report_context(report=report))
    css = (Path(settings.BASE_DIR) / "templates/indicators/pdf/performance_report.css").read_text()
    doc = weasyprint.HTML(string=f"<html lang='en-GB'><body>{html}</body></html>").render(
        stylesheets=[weasyprint.CSS(string=css)]
    )
    first_page = {}
    for number, page in enumerate(doc.pages):
        for anchor in page.anchors:
            if re.fullmatch(r"indicator-\d+", anchor):
                first_page.setdefault(anchor, number)
    pages = list(first_page.values())
    assert len(pages) == 3 and len(set(pages)) == 3
    assert min(pages) > 0  # the appendix starts after the report's own pages


def test_without_one_page_summaries_the_table_and_executive_summary_are_the_same(report):
    full = performance_report_context(report=report, charts=False)
    table_only = performance_report_context(report=report, charts=False, summaries=False)
    assert table_only["summaries"] == [] and full["summaries"]
    keys = ("reference", "figure", "change_text", "period", "london_text", "rate_text")
    assert [
        {k: row[k] for k in keys} | {"rag": row["rating"].rag} for row in _rows(full).values()
    ] == [
        {k: row[k] for k in keys} | {"rag": row["rating"].rag}
        for row in _rows(table_only).values()
    ]
    assert table_only["executive_summary"] == full["executive_summary"]
