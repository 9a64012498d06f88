"""The chair opens the performance dashboard and one indicator's summary, checked with axe-core."""
import pytest

from indicators.demo import load_demo_indicators
from tests.browser.helpers import browser_user
from tests.test_indicators_demo import create_demo_boards

pytestmark = pytest.mark.django_db(transaction=True)


def test_chair_reads_the_dashboard_and_an_indicator_summary(page, sign_in, assert_accessible):
    board = create_demo_boards()
    load_demo_indicators()
    chair = browser_user("chair", board=board, role="chair")
    sign_in(page, chair, next_path="/boards/bd-csp/performance/")
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Performance as at January 2018").is_visible()
    safer = page.get_by_role("table", name="Safer Borough Board")
    assert safer.is_visible()
    burglary_row = safer.get_by_role("row", name="2 Burglary")
    assert burglary_row.get_by_text("Red", exact=True).is_visible()
    assert page.get_by_text("Grey (monitoring)").first.is_visible()
    assert_accessible(page)

    burglary_row.get_by_role("link", name="Burglary (both residential and non residential)").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Burglary", exact=True).is_visible()
    chart = page.get_by_role("img", name="Burglary: month totals")
    assert chart.is_visible()
    assert page.get_by_role("table", name="Figures by month, 2017/18 against 2016/17").is_visible()
    assert_accessible(page)
