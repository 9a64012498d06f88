"""A KPI return from the subgroup officer's grid to the chair's approval, in the browser."""
import datetime as dt
from decimal import Decimal

import pytest

from indicators.models import IndicatorReturn
from tests.browser.helpers import browser_user
from tests.factories import BoardFactory, IndicatorFactory, IndicatorReturnFactory, SubgroupFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_enters_and_submits_figures_and_the_chair_approves(
    page, sign_in, assert_accessible
):
    board = BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    vawg = SubgroupFactory(name="VAWG", slug="vawg", parent=board)
    indicator = IndicatorFactory(board=board, owning_subgroup=vawg, reference="1a",
                                 name="Burglary")
    IndicatorReturnFactory(indicator=indicator, period=dt.date(2016, 4, 1), value=Decimal("97"))
    officer = browser_user("vawg-officer", board=vawg, role="officer", name="Vera Officer")
    chair = browser_user("chair", board=board, role="chair", name="Carol Chair")

    sign_in(page, officer)
    page.goto("/boards/bd-csp/indicators/")
    assert page.get_by_role("heading", name="VAWG").is_visible()
    assert_accessible(page)

    page.goto("/boards/bd-csp/indicators/1a/returns/2017/")
    assert_accessible(page)
    page.get_by_label("Figure, April 2017", exact=True).fill("110")
    page.get_by_label("Figure, May 2017", exact=True).fill("12a")
    page.get_by_label("Performance overview").fill("Up on last year.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_label("Figure, April 2017", exact=True).input_value() == "110"
    assert page.get_by_label("Figure, May 2017", exact=True).input_value() == "12a"
    assert page.get_by_label("Performance overview").input_value() == "Up on last year."
    assert not IndicatorReturn.objects.filter(period__gte=dt.date(2017, 4, 1)).exists()
    assert_accessible(page)

    page.get_by_label("Figure, May 2017", exact=True).fill("120")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_load_state()
    assert page.get_by_text("2 returns of 2017/18 submitted for approval.").is_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, chair)
    page.goto("/boards/bd-csp/returns/approvals/")
    assert_accessible(page)
    page.get_by_role("button", name="Approve 1a April 2017").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Approve 1a May 2017").click()
    page.wait_for_load_state()
    assert page.get_by_text("No returns are awaiting approval.").is_visible()
    assert set(IndicatorReturn.objects.filter(period__gte=dt.date(2017, 4, 1))
               .values_list("status", flat=True)) == {"approved"}

    page.goto("/boards/bd-csp/indicators/1a/history/")
    history = page.get_by_role("table")
    assert history.get_by_text("Vera Officer").first.is_visible()
    assert history.get_by_text("Carol Chair").first.is_visible()
    assert history.get_by_text("Figure: (empty) → 110.00").is_visible()
    assert_accessible(page)
