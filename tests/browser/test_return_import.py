"""An officer imports the analyst's spreadsheet; the chair approves; the dashboard shows it."""
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from indicators.models import Indicator, IndicatorReturn
from tests.browser.helpers import browser_user
from tests.factories import BoardFactory, IndicatorFactory, SubgroupFactory
from tests.indicator_workbook import workbook_bytes

pytestmark = pytest.mark.django_db(transaction=True)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ("indicator", "period", "value", "fytd_reported", "london_change_pct",
          "performance_overview")


def _xlsx(name: str, rows) -> dict:
    return {"name": name, "mimeType": XLSX, "buffer": workbook_bytes(rows, header=HEADER)}


def _upload(page, file: dict, *, submit: bool) -> None:
    page.get_by_label("Returns file (CSV or XLSX)").set_input_files(file)
    if submit:
        page.get_by_label("Submit for approval after import").check()
    page.get_by_role("button", name="Import returns").click()
    page.wait_for_load_state()


def test_officer_imports_a_workbook_and_the_chair_approves_it(page, sign_in, assert_accessible):
    board = BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    vawg = SubgroupFactory(slug="vawg", name="VAWG", parent=board)
    IndicatorFactory(
        board=board, owning_subgroup=vawg, reference="19", name="Domestic Abuse",
        short_name="Domestic Abuse", target_type=Indicator.TargetType.MONITORING,
    )
    IndicatorFactory(
        board=board, owning_subgroup=vawg, reference="20", name="MARAC repeat referrals",
        unit=Indicator.Unit.PERCENTAGE, unit_label="", target_type=Indicator.TargetType.RANGE,
    )
    officer = browser_user("vawg-officer", board=vawg, role="officer")
    chair = browser_user("board-chair", board=board, role="chair")

    sign_in(page, officer, next_path="/boards/bd-csp/")
    page.get_by_role("link", name="Import returns").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Import KPI returns")).to_be_visible()
    assert_accessible(page)

    good = [
        ("19", "2018-01", 214, "2,174", "5.6%", "Up 7.4% on last year."),
        ("20", "2018-01", None, "17.9%", None, "Below the recommended range."),
    ]
    bad = [good[0], ("20", "2018-01", None, "117.9%", None, "Typed wrongly.")]
    _upload(page, _xlsx("january-returns.xlsx", bad), submit=False)
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("january-returns.xlsx was not imported: 1 row has problems")
    expect(summary).to_contain_text(
        "Row 3: fytd_reported 117.9% is a percentage outside 0% to 100%"
    )
    expect(page.get_by_role("table", name=re.compile("1 row with problems"))).to_contain_text(
        "117.9%"
    )
    assert IndicatorReturn.objects.count() == 0
    assert_accessible(page)

    _upload(page, _xlsx("january-returns.xlsx", good), submit=True)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "january-returns.xlsx: 2 returns created, 0 updated, 0 unchanged; "
        "2 submitted for approval."
    )
    assert_accessible(page)
    assert set(IndicatorReturn.objects.values_list("status", flat=True)) == {"submitted"}

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    sign_in(page, chair, next_path="/boards/bd-csp/returns/approvals/")
    expect(page.get_by_role("heading", name="Returns awaiting approval")).to_be_visible()
    assert_accessible(page)
    for reference in ("19", "20"):
        page.get_by_role("button", name=f"Approve {reference} January 2018").click()
        page.wait_for_load_state()
    expect(page.get_by_text("No returns are awaiting approval.")).to_be_visible()
    assert_accessible(page)

    page.goto("/boards/bd-csp/performance/?as_at=2018-01")
    table = page.get_by_role("table", name="VAWG")
    expect(table).to_contain_text("2174")
    expect(table).to_contain_text("17.9%")
    assert_accessible(page)
    assert IndicatorReturn.objects.get(indicator__reference="19").period == dt.date(2018, 1, 1)
