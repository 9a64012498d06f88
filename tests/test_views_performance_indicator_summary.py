"""indicators:indicator_summary: one indicator's one-page summary with its chart and figures."""
import pytest
from django.urls import reverse

from boards.models import Membership
from indicators.demo import load_demo_indicators
from indicators.report.context import performance_report_context
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.test_indicators_demo import create_demo_boards


@pytest.fixture
def chair_client(client, db):
    board = create_demo_boards()
    load_demo_indicators()
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user), role=Membership.Role.CHAIR)
    client.force_login(user)
    client.board = board
    return client


def _get(client, reference, **params):
    url = reverse("indicators:indicator_summary",
                  kwargs={"slug": client.board.slug, "reference": reference})
    return client.get(url, params)


def test_summary_with_chart_text_alternative_and_figures(chair_client):
    response = _get(chair_client, "2", as_at="2018-01")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1 class=\"govuk-heading-xl\">Burglary</h1>" in html
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in html
    assert "up 26.1% (up 273 offences)" in html and "Up 13.0%" in html
    # The same chart the PDF prints, from the same function.
    from indicators.models import PerformanceReport

    report = PerformanceReport(board=chair_client.board, as_at=__import__("datetime").date(
        2018, 1, 1), title="Performance")
    [item] = performance_report_context(report=report, reference="2")["summaries"]
    assert str(item["summary"]["chart_svg"]) in html
    assert 'role="img"' in html and "<desc id=" in html and "<figcaption" in html
    assert "Figures by month, 2017/18 against 2016/17" in html
    assert "Quarter totals" in html and "404" in html
    assert "FYTD as reported 1319; the months sum to 1309" in html
    assert "Direction of travel" in html and "up on the previous month (144)" in html
    assert "Against the last 12 months" in html
    assert "Definition" in html and "Jonathan Toy" in html


def test_in_development_indicator(chair_client):
    html = _get(chair_client, "9").content.decode()
    assert "in development" in html


def test_unknown_reference_is_404(chair_client):
    assert _get(chair_client, "99").status_code == 404
