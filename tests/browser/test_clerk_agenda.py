"""The clerk creates a meeting from the forward plan and edits its agenda in the browser."""
import datetime as dt

import pytest
from django.utils import timezone

from boards.models import Meeting
from tests.browser.helpers import browser_user
from tests.factories import BoardFactory, ForwardPlanItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_clerk_builds_an_agenda_from_the_forward_plan(page, sign_in, assert_accessible):
    board = BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    day = timezone.localdate() + dt.timedelta(days=40)
    placeholder = MeetingFactory(
        board=board, start=timezone.make_aware(dt.datetime.combine(day, dt.time(12))), end=None
    )
    ForwardPlanItemFactory(meeting=placeholder, position=1, title="Performance",
                           presenter="Dan James", reason="decision", is_standing=True)
    ForwardPlanItemFactory(meeting=placeholder, position=2, title="Community Safety Plan refresh",
                           presenter="Jonathon Toy", reason="discussion")
    clerk = browser_user("clerk", board=board, role="clerk")
    sign_in(page, clerk, next_path="/boards/bd-csp/")

    page.get_by_role("link", name="Create a meeting").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("10am")
    page.get_by_label("End time").fill("1pm")
    page.get_by_label("Venue").fill("Barking Learning Centre")
    page.get_by_label("Performance", exact=True).check()
    page.get_by_label("Community Safety Plan refresh").check()
    page.get_by_role("button", name="Create meeting").click()
    page.wait_for_load_state()

    # the draft agenda, from the forward plan
    assert page.get_by_text("Meeting created with 2 draft agenda items").is_visible()
    assert page.get_by_role("heading", name="1 Performance").is_visible()
    assert page.get_by_role("heading", name="2 Community Safety Plan refresh").is_visible()
    assert_accessible(page)
    meeting = Meeting.objects.get(venue="Barking Learning Centre")

    # a sub-item
    page.get_by_role("link", name="Add a sub-item to item 1 Performance").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Title").fill("Burglary")
    page.get_by_role("button", name="Add sub-item").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="1(i) Burglary").is_visible()

    # restricted without a paragraph, then with paragraph 7
    page.get_by_role("link", name="Change item 2 Community Safety Plan refresh").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Description (optional)").fill("Draft plan for partners only")
    page.get_by_label("Restricted: exempt from publication").check()
    page.get_by_role("button", name="Save item").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_label("Description (optional)").input_value() == (
        "Draft plan for partners only")
    assert page.get_by_label("Restricted: exempt from publication").is_checked()
    assert_accessible(page)
    page.get_by_label("Exempt paragraph").select_option("7")
    page.get_by_label("Time allowed, in minutes (optional)").fill("30")
    page.get_by_role("button", name="Save item").click()
    page.wait_for_load_state()
    assert page.get_by_text("Restricted – paragraph 7").is_visible()

    # move it up, above Performance
    page.get_by_role("button", name="Move up item 2 Community Safety Plan refresh").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="1 Community Safety Plan refresh").is_visible()
    assert page.get_by_role("heading", name="2 Performance").is_visible()
    assert page.get_by_role("heading", name="2(i) Burglary").is_visible()
    assert_accessible(page)

    # timings: Performance starts when the 30-minute item ends
    page.get_by_role("link", name="Change item 2 Performance").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Time allowed, in minutes (optional)").fill("45")
    page.get_by_role("button", name="Save item").click()
    page.wait_for_load_state()
    card = page.locator(".govuk-summary-card", has=page.get_by_role("heading",
                                                                     name="2 Performance"))
    assert "10:30am" in card.inner_text()
    assert page.get_by_text("The times allowed add up to 75 minutes").is_visible()
    assert_accessible(page)

    items = list(meeting.agenda_items.filter(parent=None).order_by("position"))
    assert [(i.title, i.is_restricted, i.exempt_paragraph, i.minutes_allowed) for i in items] == [
        ("Community Safety Plan refresh", True, 7, 30), ("Performance", False, None, 45)]

    # the forward plan now lists both items under the new meeting
    page.goto("/boards/bd-csp/forward-plan/")
    assert page.get_by_role("row", name="Performance").count() == 1
    assert_accessible(page)
