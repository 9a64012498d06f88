"""An officer finds their actions and posts an update with a revised date."""
import datetime as dt

import pytest
from django.utils import timezone

from actions.models import Action
from tests.browser.helpers import browser_user
from tests.factories import ActionFactory, BoardFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_updates_an_overdue_action(page, sign_in, assert_accessible):
    board = BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    meeting = MeetingFactory(
        board=board, start=timezone.make_aware(dt.datetime(2017, 12, 13, 10, 0)),
        status="held",
    )
    officer = browser_user("olu-officer", board=board, role="officer")
    today = timezone.localdate()
    overdue = today - dt.timedelta(days=10)
    for number, target, text in [
        (1, None, "Agree the data sharing protocol"),
        (2, today + dt.timedelta(days=30), "Report knife crime figures"),
        (3, overdue, "Install knife arches"),
    ]:
        action = ActionFactory(raised_at=meeting, number=number, target_date=target,
                               target_date_tbc=target is None, description=text)
        action.lead_people.add(officer.person)
    ActionFactory(raised_at=meeting, number=4, description="Someone else's action")

    sign_in(page, officer)
    page.get_by_role("link", name="My actions").click()
    page.wait_for_load_state()
    rows = page.locator("table tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).inner_text().count("Install knife arches") == 1
    assert "Overdue" in rows.nth(0).inner_text()
    assert "Date TBC" in rows.nth(2).inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Install knife arches").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name="Post an update").click()
    page.wait_for_load_state()
    assert_accessible(page)

    page.get_by_label("Update", exact=True).fill("Arches ordered; delivery delayed")
    page.get_by_label("Red").check()
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill(str(today.year + 1))
    page.get_by_role("button", name="Post update").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_role("link", name="Enter the reason for the new date").is_visible()
    assert page.get_by_label("Update", exact=True).input_value() == (
        "Arches ordered; delivery delayed"
    )
    assert page.get_by_label("Day").input_value() == "30"
    assert_accessible(page)

    page.get_by_label("Reason for the new date").fill("Supplier delay")
    page.get_by_role("button", name="Post update").click()
    page.wait_for_load_state()
    assert page.get_by_text("Update posted to action 3").is_visible()
    new_date = f"30 September {today.year + 1}"
    assert page.get_by_text("Reason: Supplier delay").is_visible()
    assert page.get_by_role("cell", name="Arches ordered; delivery delayed").is_visible()
    assert page.get_by_text(new_date).first.is_visible()
    assert_accessible(page)
    action = Action.objects.get(board=board, number=3)
    assert (action.rag_status, action.target_date) == ("R", dt.date(today.year + 1, 9, 30))
