"""The chair reviews the action log in the browser: filter, counts, CSV export, a RAG change."""
import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from actions.models import Action
from tests.browser.helpers import browser_user
from tests.factories import ActionFactory, BoardFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _table_numbers(page) -> list[str]:
    return page.locator("table.csp-action-table tbody th[scope=row]").all_inner_texts()


def test_chair_filters_exports_and_changes_a_rag(page, sign_in, assert_accessible):
    board = BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    meeting = MeetingFactory(
        board=board, start=timezone.make_aware(dt.datetime(2017, 12, 13, 10, 0)),
        status="held",
    )
    today = timezone.localdate()
    past, future = today - dt.timedelta(days=20), today + dt.timedelta(days=20)
    for number, rag, target in [
        (1, "R", past), (2, "R", future), (3, "A", past), (4, "R", past), (5, "G", past),
    ]:
        ActionFactory(raised_at=meeting, number=number, rag_status=rag, target_date=target,
                      description=f"Action number {number}")
    ActionFactory(raised_at=meeting, number=6, rag_status="R", target_date=past,
                  status=Action.Status.CLOSED)
    chair = browser_user("cath-chair", board=board, role="chair")

    sign_in(page, chair, next_path="/boards/bd-csp/")
    page.get_by_role("link", name="Action log", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Action log").is_visible()
    assert_accessible(page)

    page.get_by_label("RAG status", exact=True).select_option(label="Red")
    page.get_by_label("Overdue").select_option(label="Yes")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert _table_numbers(page) == ["1", "4"]
    assert page.locator('[data-rag-count="R"]').inner_text() == "2"
    assert page.locator('[data-rag-count="A"]').inner_text() == "0"
    assert page.get_by_role("heading", name="2 actions").is_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV file of the filtered action log").click()
    path = download_info.value.path()
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert [row[0] for row in rows[1:]] == ["1", "4"]
    assert {row[5] for row in rows[1:]} == {"Red"}

    page.get_by_role("link", name="Action number 4").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Action 4").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Change RAG status, close, merge or reset dates").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Amber").check()
    page.get_by_label("Note (optional)").first.fill("Agreed at the meeting: reset dates")
    page.get_by_role("button", name="Change RAG status").click()
    page.wait_for_load_state()
    assert page.get_by_text("RAG status of action 4 changed").is_visible()
    assert page.get_by_role("cell", name="Agreed at the meeting: reset dates").is_visible()
    assert_accessible(page)
    assert Action.objects.get(board=board, number=4).rag_status == "A"
