"""The analyst role and annual indicators in the return grid, the import and the report."""
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from boards.access import Capability, user_boards_allowing
from indicators.imports.files import template_csv
from indicators.imports.selectors import template_indicators
from indicators.models import Indicator, IndicatorReturn
from indicators.performance import FinancialYear
from indicators.report.context import performance_report_context
from indicators.returns.selectors import grid_periods, row_label
from tests.factories import (
    BoardFactory,
    IndicatorFactory,
    IndicatorReturnFactory,
    MembershipFactory,
    PerformanceReportFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    board = BoardFactory(slug="bd-csp")
    subgroup = SubgroupFactory(slug="vawg", parent=board)
    return board, subgroup


@pytest.fixture
def analyst(client, tree):
    user = UserFactory()
    MembershipFactory(board=tree[0], person=PersonFactory(user=user), role="analyst")
    client.force_login(user)
    return client


def _csv(rows) -> bytes:
    return template_csv(rows)


def test_an_analyst_enters_and_imports_returns_for_every_indicator_below(analyst, tree):
    board, subgroup = tree
    owned = IndicatorFactory(board=board, owning_subgroup=subgroup, reference="19")
    own_board = IndicatorFactory(board=subgroup, owning_subgroup=subgroup, reference="V1")
    grid = reverse("indicators:return_grid", args=["bd-csp", "19", 2017])
    assert analyst.get(grid).status_code == 200
    upload = _csv([["19", "2018-01", "120", "", "", "", "", "", ""]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = analyst.post(reverse("indicators:import_returns", args=["bd-csp"]),
                            {"file": SimpleUploadedFile("returns.csv", upload)})
    assert response.status_code == 302
    assert IndicatorReturn.objects.get(indicator=owned).value == Decimal("120")
    sub_grid = reverse("indicators:return_grid", args=["vawg", "V1", 2017])
    assert analyst.get(sub_grid).status_code == 200
    assert own_board.returns.count() == 0
    # An analyst enters figures; approving them is the chair's and the clerk's.
    approvals = reverse("indicators:return_approvals", args=["bd-csp"])
    assert analyst.get(approvals).status_code == 403


def test_the_analyst_role_reaches_the_boards_below_but_not_beside(tree):
    board, subgroup = tree
    elsewhere = BoardFactory()
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user), role="analyst")
    assert user_boards_allowing(user, Capability.EDIT_INDICATORS) == {board.pk, subgroup.pk}
    assert elsewhere.pk not in user_boards_allowing(user, Capability.VIEW_MEMBERS)


def test_an_annual_indicator_has_one_row_a_year_dated_march(tree):
    survey = IndicatorFactory(board=tree[0], owning_subgroup=tree[1],
                              frequency=Indicator.Frequency.ANNUAL, reference="30")
    year = FinancialYear(2017)
    assert grid_periods(indicator=survey, year=year) == [dt.date(2018, 3, 1)]
    assert row_label(indicator=survey, period=dt.date(2018, 3, 1)) == "Year 2017/18"
    assert template_indicators([survey], dt.date(2018, 3, 1)) == [survey]
    assert template_indicators([survey], dt.date(2018, 1, 1)) == []


def test_the_import_refuses_an_annual_figure_not_dated_march(analyst, tree):
    IndicatorFactory(board=tree[0], owning_subgroup=tree[1], reference="30",
                     frequency=Indicator.Frequency.ANNUAL)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = _csv([["30", "2017-12", "61", "", "", "", "", "", ""]])
    response = analyst.post(reverse("indicators:import_returns", args=["bd-csp"]),
                            {"file": SimpleUploadedFile("returns.csv", upload)})
    assert response.status_code == 200
    assert "Indicator 30 is annual: the period must be the financial year&#x27;s last " \
           "month, March (e.g. 2018-03)" in response.content.decode()
    assert not IndicatorReturn.objects.exists()


def test_the_report_rates_an_annual_indicator_against_the_year_before(tree):
    survey = IndicatorFactory(
        board=tree[0], owning_subgroup=tree[1], reference="30", name="Residents feeling safe",
        frequency=Indicator.Frequency.ANNUAL, unit=Indicator.Unit.PERCENTAGE,
        target_type=Indicator.TargetType.INCREASE,
    )
    IndicatorReturnFactory(indicator=survey, period=dt.date(2017, 3, 1), value=Decimal("60"))
    IndicatorReturnFactory(indicator=survey, period=dt.date(2018, 3, 1), value=Decimal("66"))
    report = PerformanceReportFactory(board=tree[0], as_at=dt.date(2018, 3, 1))
    [item] = performance_report_context(report=report, charts=False)["summaries"]
    assert item["figure"] == "66%" and item["rating"].rag == "G"
    assert item["summary"]["step_label"] == "year"
    assert item["summary"]["headline_label"] == "Year 2017/18"
    assert item["summary"]["direction_text"].startswith("up on the previous year (60%)")
    assert item["summary"]["chart_svg"] == "" and item["summary"]["quarters"] == []
