"""The performance report grouped by the partnership plan's priorities (a report option),
on the demo: its 2014-17 plan, and the indicators linked to it."""
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from boards.demo.loader import load_demo
from indicators.models import PerformanceReport, PerformanceReportRender, ReportGrouping
from indicators.report.context import NOT_LINKED, performance_report_context
from indicators.report.services import performance_report_render_request
from tests.factories import (
    BoardFactory,
    IndicatorFactory,
    IndicatorReturnFactory,
    MembershipFactory,
    PerformanceReportFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _groups(context) -> dict[str, list[str]]:
    return {g["name"]: [row["reference"] for row in g["rows"]] for g in context["groups"]}


def test_grouped_by_priority_each_indicator_is_under_every_priority_it_serves():
    board = BoardFactory()
    plan = PlanFactory(board=board)
    violence = PriorityFactory(plan=plan, code="1", title="Violence", position=1)
    knives = PriorityFactory(plan=plan, code="1.1", title="Knives", parent=violence)
    victims = PriorityFactory(plan=plan, code="2", title="Victims", position=2)
    older = PriorityFactory(plan=PlanFactory(board=board, status="archived"), code="9")
    knife_crime = IndicatorFactory(board=board, reference="7", position=1)
    knife_crime.priorities.add(knives, victims, older)
    IndicatorFactory(board=board, reference="8", position=2).priorities.add(violence)
    IndicatorFactory(board=board, reference="9", position=3)
    for indicator in knife_crime.board.indicators.all():
        IndicatorReturnFactory(indicator=indicator)
    report = PerformanceReportFactory(board=board, grouping=ReportGrouping.PRIORITY)
    context = performance_report_context(report=report, charts=False)
    assert context["grouping"] == "priority"
    assert _groups(context) == {"1 Violence": ["7", "8"], "2 Victims": ["7"], NOT_LINKED: ["9"]}
    assert len(context["summaries"]) == 3  # one one-page summary each, however grouped
    by_subgroup = performance_report_context(report=report, grouping="owning_subgroup")
    assert sum(len(g["rows"]) for g in by_subgroup["groups"]) == 3


def test_the_dashboard_groups_the_demo_by_the_plans_priorities(client):
    load_demo()
    user = UserFactory()
    MembershipFactory(board=PlanFactory._meta.model.objects.get().board,
                      person=PersonFactory(user=user), role="member")
    client.force_login(user)
    url = reverse("indicators:dashboard", args=["bd-csp"]) + "?as_at=2018-01&group=priority"
    response = client.get(url)
    groups = _groups(response.context)
    assert list(groups) == ["1 Integrated Offender Management",
                            "2 Integrated Victim Management", "3 Improve Confidence"]
    assert groups["1 Integrated Offender Management"][:3] == ["1a", "1b", "2"]
    assert "4" in groups["1 Integrated Offender Management"] and "4" in groups[
        "2 Integrated Victim Management"]
    assert "Summary by plan priority" in response.content.decode()


def test_the_pdf_prints_the_priority_groups(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    report = PerformanceReport.objects.get(board__slug="bd-csp")
    report.grouping = ReportGrouping.PRIORITY
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        render = performance_report_render_request(report=report, actor=None)
    render.refresh_from_db()
    assert render.status == PerformanceReportRender.Status.READY, render.error
    text = re.sub(r"\s+", " ", " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render.file.read())).pages))
    for caption in ("1 Integrated Offender Management", "2 Integrated Victim Management",
                    "3 Improve Confidence"):
        assert caption in text
