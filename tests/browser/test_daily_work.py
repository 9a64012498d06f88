"""The minute taker's, the chair's and the clerk's day: a meeting recorded item by item with
an action raised under its minute; two actions closed at once from the log (on a phone too);
a planned item pulled from the forward plan into a meeting's agenda."""
import datetime as dt

import openpyxl
import pytest
from django.utils import timezone

from actions.models import Action, ActionUpdate
from boards.models import AgendaItem, Meeting, Minute, Organisation
from tests.browser.helpers import browser_user
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    ForwardPlanItemFactory,
    MeetingFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _board():
    return BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")


def test_minute_taker_records_three_items_with_an_action_raised_inline(
    page, sign_in, assert_accessible
):
    board = _board()
    taker = browser_user("mina-taker", board=board, role="minute_taker", name="Mina Taker")
    meeting = MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=1),
                             status=Meeting.Status.AGENDA_PUBLISHED)
    items = [AgendaItemFactory(meeting=meeting, position=n, title=title) for n, title in
             enumerate(["Apologies", "Burglary", "Any other business"], 1)]
    probation = Organisation.objects.create(name="Probation Service")
    # A lead from the partnership who sits on no board (found through an earlier meeting).
    kate = PersonFactory(name="Kate Sandercock", post_title="", organisation=probation)
    AttendanceFactory(meeting=MeetingFactory(board=board, start=meeting.start - dt.timedelta(90)),
                      person=kate, status="in_attendance")

    sign_in(page, taker, f"/boards/bd-csp/meetings/{meeting.pk}/record/")
    page.get_by_label("Attendance of Mina Taker").select_option(label="Present")
    page.get_by_role("button", name="Save and go to item 1").click()
    page.wait_for_load_state()

    page.get_by_label("Minute of item 1", exact=True).fill("Apologies were received.")
    page.get_by_role("button", name="Save and go to item 2").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="2 Burglary").is_visible()
    assert_accessible(page)
    page.get_by_label("Minute of item 2", exact=True).fill("Burglary is up 26.1%.")
    page.get_by_role("button", name="Save item 2").click()
    page.wait_for_load_state()

    page.get_by_text("Raise an action from item 2").click()
    page.get_by_label("Action", exact=True).fill("Circulate the burglary profile")
    search = page.get_by_label("Find a lead by name or organisation")
    search.fill("probation")
    lead = page.get_by_label("Lead", exact=True)
    page.wait_for_function(
        "() => document.querySelector('#id_action-lead').options.length === 3")
    lead.select_option(label="Kate Sandercock, Probation Service")
    date = page.get_by_role("group", name="Target date")
    date.get_by_label("Day").fill("30")
    date.get_by_label("Month").fill("4")
    date.get_by_label("Year").fill("2018")
    assert_accessible(page)
    page.get_by_role("button", name="Raise action").click()
    page.wait_for_load_state()
    assert "/record/items/" in page.url  # still recording item 2
    assert page.get_by_text("ACTION: Kate Sandercock – 30 April 2018").is_visible()
    assert page.get_by_label("Minute of item 2", exact=True).input_value() == (
        "Burglary is up 26.1%.")

    page.get_by_role("link", name="Next item").click()
    page.wait_for_load_state()
    page.get_by_label("Minute of item 3", exact=True).fill("There was no other business.")
    page.get_by_role("button", name="Save item 3").click()
    page.wait_for_load_state()
    nav = page.get_by_role("navigation", name="Pages of the record")
    assert nav.get_by_text("Minuted").count() == 3
    assert Minute.objects.filter(agenda_item__in=items).count() == 3
    assert list(Action.objects.get().lead_people.all()) == [kate]

    page.get_by_role("link", name="Read the minutes").click()
    page.wait_for_load_state()
    minute = page.locator(f"#minute-{items[1].pk}")
    assert minute.get_by_text("Burglary is up 26.1%.").is_visible()
    assert minute.get_by_text("ACTION: Kate Sandercock – 30 April 2018").is_visible()
    assert page.locator(f"#minute-{items[0].pk}").get_by_text("ACTION:").count() == 0
    assert_accessible(page)


def test_chair_closes_two_actions_at_once_exports_real_dates_and_the_log_fits_a_phone(
    page, sign_in, assert_accessible
):
    board = _board()
    chair = browser_user("cara-chair", board=board, role="chair", name="Cara Chair")
    meeting = MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=60))
    for n in (1, 2, 3):
        ActionFactory(board=board, raised_at=meeting, number=n, description=f"Action text {n}",
                      comments="A long update that goes on " * 20,
                      target_date=timezone.localdate() - dt.timedelta(days=n))

    sign_in(page, chair, "/boards/bd-csp/actions/")
    assert page.get_by_text("Overdue").first.is_visible()
    page.get_by_label("Select action 1").check()
    page.get_by_label("Select action 3").check()
    page.get_by_label("Close", exact=True).check()
    page.get_by_label("Note (optional)").fill("Done, agreed at the meeting")
    assert_accessible(page)
    page.get_by_role("button", name="Apply to the selected actions").click()
    page.wait_for_load_state()
    assert page.get_by_text("Actions closed: 1, 3").is_visible()
    closed = Action.objects.filter(status="closed").order_by("number")
    assert [a.number for a in closed] == [1, 3]
    assert ActionUpdate.objects.filter(status_after="closed").count() == 2

    # The chair hands the log on as Excel: its target dates are real dates, UK style.
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    with open(download.value.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(handle).active
    assert download.value.suggested_filename.endswith(".xlsx")
    header = next(n for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)
                  if "Target date" in row)
    column = [c.value for c in sheet[header]].index("Target date") + 1
    targets = [sheet.cell(row=r, column=column) for r in range(header + 1, sheet.max_row + 1)]
    assert targets and all(isinstance(c.value, dt.datetime) for c in targets), targets
    assert all(c.number_format.lower().startswith("dd/mm/yyyy") for c in targets)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/boards/bd-csp/actions/")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"the log is {width}px wide on a 375px phone"
    assert_accessible(page)


def test_clerk_pulls_a_forward_plan_item_into_a_meeting(page, sign_in, assert_accessible):
    board = _board()
    clerk = browser_user("cleo-clerk", board=board, role="clerk", name="Cleo Clerk")
    meeting = MeetingFactory(board=board, start=timezone.now() + dt.timedelta(days=30),
                             status=Meeting.Status.PLANNED)
    AgendaItemFactory(meeting=meeting, position=1, title="Apologies")
    later = MeetingFactory(board=board, start=timezone.now() + dt.timedelta(days=120))
    ForwardPlanItemFactory(board=board, meeting=later, title="Knife crime update")

    sign_in(page, clerk, f"/boards/bd-csp/meetings/{meeting.pk}/agenda/")
    page.get_by_role("link", name="Add items from the forward plan").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Knife crime update").check()
    page.get_by_role("button", name="Add to the agenda").click()
    page.wait_for_load_state()
    assert page.get_by_text("1 planned item added to the agenda").is_visible()
    assert page.get_by_text("Knife crime update").first.is_visible()
    titles = list(AgendaItem.objects.filter(meeting=meeting).order_by("position")
                  .values_list("title", flat=True))
    assert titles == ["Apologies", "Knife crime update"]
    assert_accessible(page)
