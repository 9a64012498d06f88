"""An officer records a meeting and raises an action from an item; the chair confirms minutes."""
import datetime as dt

import pytest
from django.utils import timezone

from actions.models import Action
from boards.models import Meeting
from tests.browser.helpers import browser_user
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    MinuteFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _board():
    return BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")


def test_officer_records_the_meeting_and_raises_an_action(page, sign_in, assert_accessible):
    board = _board()
    officer = browser_user("olive-officer", board=board, role="officer", name="Olive Officer")
    member = PersonFactory(name="Mia Member")
    MembershipFactory(board=board, person=member)
    PersonFactory(name="Sam Substitute", post_title="Inspector")
    meeting = MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=2),
                             status=Meeting.Status.AGENDA_PUBLISHED)
    AgendaItemFactory(meeting=meeting, position=1, title="Introductions and apologies")
    performance = AgendaItemFactory(meeting=meeting, position=2, title="Performance")
    AgendaItemFactory(meeting=meeting, parent=performance, position=1, title="Burglary")
    AgendaItemFactory(meeting=meeting, position=3, title="Case review", is_restricted=True,
                      exempt_paragraph=7)

    sign_in(page, officer)
    page.goto(f"/boards/bd-csp/meetings/{meeting.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Record the meeting").click()
    page.wait_for_load_state()
    nav = page.get_by_role("navigation", name="Pages of the record")
    assert nav.get_by_role("link", name="2(i) Burglary").is_visible()
    assert_accessible(page)

    page.get_by_label("Attendance of Olive Officer").select_option(label="Present")
    page.get_by_label("Attendance of Mia Member").select_option(label="Apologies")
    page.get_by_label("Other attendee 1", exact=True).select_option(
        label="Sam Substitute, Inspector"
    )
    page.get_by_label("Other attendee 1 substituting for (optional)").select_option(
        label="Mia Member"
    )
    page.get_by_role("button", name="Save and go to item 1").click()
    page.wait_for_load_state()

    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    problem = "Choose the attendance status of Sam Substitute"
    assert summary.get_by_role("link", name=problem).is_visible()
    assert page.get_by_label("Attendance of Mia Member").input_value() == "apologies"
    assert_accessible(page)

    page.get_by_label("Attendance of other attendee 1").select_option(label="In attendance")
    page.get_by_role("button", name="Save and go to item 1").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="1 Introductions and apologies").is_visible()
    nav.get_by_role("link", name="3 Case review").click()
    page.wait_for_load_state()
    assert page.get_by_text("Restricted – exempt paragraph 7").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Previous item").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Previous item").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="2 Performance").is_visible()
    page.get_by_label("Minute of item 2", exact=True).fill(
        "Burglary is up 26.1%. The board discussed the increase."
    )
    page.get_by_label("Decisions on item 2", exact=True).fill("The board agreed a task group.")
    page.get_by_role("button", name="Save item 2").click()
    page.wait_for_load_state()
    assert page.get_by_text("The minute of item 2 has been saved.").is_visible()
    assert page.get_by_label("Minute of item 2", exact=True).input_value().startswith("Burglary")
    assert_accessible(page)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD

    page.goto(f"/boards/bd-csp/meetings/{meeting.pk}/actions/raise/?item={performance.pk}")
    assert page.get_by_role("heading", name="Raise an action").is_visible()
    page.get_by_label("Description").fill("Set up a burglary task group")
    page.get_by_label("Olive Officer", exact=True).check()
    date = page.get_by_role("group", name="Target date")
    date.get_by_label("Day").fill("30")
    date.get_by_label("Month").fill("6")
    date.get_by_label("Year").fill(str(timezone.localdate().year + 1))
    page.get_by_label("Red", exact=True).check()
    page.get_by_role("button", name="Raise action").click()
    page.wait_for_load_state()
    assert page.get_by_text("raised").first.is_visible()
    action = Action.objects.get(description="Set up a burglary task group")
    assert action.raised_under == performance

    page.goto("/boards/bd-csp/actions/")
    assert page.get_by_text("Set up a burglary task group").is_visible()
    assert_accessible(page)


def test_chair_confirms_minutes_which_then_cannot_change(page, sign_in, assert_accessible):
    board = _board()
    chair = browser_user("cara-chair", board=board, role="chair", name="Cara Chair")
    meeting = MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=90),
                             status=Meeting.Status.HELD)
    MinuteFactory(agenda_item=AgendaItemFactory(meeting=meeting, position=1, title="Welcome"),
                  text="The chair welcomed everyone.")
    MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=1),
                   status=Meeting.Status.AGENDA_PUBLISHED)

    sign_in(page, chair)
    page.goto(f"/boards/bd-csp/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Confirm these minutes").click()
    page.wait_for_load_state()
    assert page.get_by_text("The chair welcomed everyone.").is_visible()  # on the same page
    assert_accessible(page)
    page.get_by_label("Amendments agreed at the meeting (optional)").fill(
        "Item 1: the vice-chair welcomed everyone."
    )
    page.get_by_role("button", name="Confirm and lock the minutes").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Amendments agreed at the meeting (optional)").input_value() == (
        "Item 1: the vice-chair welcomed everyone."
    )
    page.get_by_label("I confirm these minutes").check()
    page.get_by_role("button", name="Confirm and lock the minutes").click()
    page.wait_for_load_state()
    assert page.get_by_text("are confirmed").is_visible()
    assert page.get_by_text("Item 1: the vice-chair welcomed everyone.").is_visible()
    assert page.get_by_text("The chair welcomed everyone.").is_visible()
    assert_accessible(page)

    page.goto(f"/boards/bd-csp/meetings/{meeting.pk}/record/")
    assert page.get_by_text("and can no longer be changed").is_visible()
    assert page.locator("textarea").count() == 0
    assert_accessible(page)
