"""Subgroup update reports end to end: the clerk asks, a VAWG officer submits, the clerk sees it."""
import datetime as dt
import re

import pytest
from django.utils import timezone

from boards.models import Membership
from subgroups.models import SubgroupReport
from tests.browser.helpers import browser_user
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory, SubgroupFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_clerk_asks_officer_submits_clerk_marks_another_verbal(page, sign_in, assert_accessible):
    board = BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    vawg = SubgroupFactory(name="VAWG", slug="vawg", parent=board)
    SubgroupFactory(name="Children and Young People", slug="cyp", parent=board)
    meeting = MeetingFactory(board=board, start=timezone.now() + dt.timedelta(days=30))
    AgendaItemFactory(meeting=meeting, position=6, title="Subgroup updates")
    clerk = browser_user("clerk", board=board, role=Membership.Role.CLERK)
    officer = browser_user("vawg-officer", board=vawg, role=Membership.Role.OFFICER,
                           name="Jo Bloggs", post_title="VAWG Lead")
    deadline = timezone.localdate(meeting.start) - dt.timedelta(days=7)

    # The clerk asks VAWG and CYP for reports from the meeting page.
    sign_in(page, clerk, next_path=f"/boards/bd-csp/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Subgroup update reports").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Subgroup update reports").is_visible()
    assert_accessible(page)
    page.get_by_label("VAWG").check()
    page.get_by_label("Children and Young People").check()
    page.get_by_label("Day").fill(str(deadline.day))
    page.get_by_label("Month").fill(str(deadline.month))
    page.get_by_label("Year").fill(str(deadline.year))
    page.get_by_label("Agenda item").select_option(label="6 Subgroup updates")
    page.get_by_role("button", name="Ask for reports").click()
    page.wait_for_load_state()
    assert page.get_by_text("Asked for update reports by").is_visible()
    vawg_row = page.get_by_role("row", name=re.compile(r"^VAWG"))
    assert "Requested" in vawg_row.inner_text()
    assert_accessible(page)
    _sign_out(page)

    # A VAWG officer finds the request, makes a mistake, then submits.
    sign_in(page, officer, next_path="/boards/vawg/")
    page.get_by_role("link", name="Update reports").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Write")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.get_by_label("Author").input_value() == "Jo Bloggs, VAWG Lead"
    page.get_by_label("Brief update").fill("The subgroup met twice this quarter.")
    page.get_by_label("Key challenges").fill("Refuge capacity.")
    page.get_by_label("Support required from the board").fill("Agree the strategy.")
    page.get_by_label("Restricted: for board members only").check()
    page.get_by_role("button", name="Submit to the clerk").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("link", name=re.compile("Choose the exempt paragraph")).is_visible()
    assert page.get_by_label("Brief update").input_value() == (
        "The subgroup met twice this quarter."
    )
    assert_accessible(page)
    page.get_by_label("Exempt paragraph").select_option("1")
    page.get_by_role("button", name="Submit to the clerk").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your report has been sent to the clerk").is_visible()
    assert page.get_by_text("Submitted to the clerk on").is_visible()
    assert_accessible(page)
    _sign_out(page)

    # The clerk sees it submitted and marks CYP's as a verbal update.
    sign_in(page, clerk, next_path=f"/boards/bd-csp/meetings/{meeting.pk}/subgroup-reports/")
    assert "Submitted" in page.get_by_role("row", name=re.compile(r"^VAWG")).inner_text()
    page.get_by_role(
        "button", name="Mark as verbal update from Children and Young People"
    ).click()
    page.wait_for_load_state()
    assert page.get_by_text("Children and Young People will give a verbal update").is_visible()
    cyp_row = page.get_by_role("row", name=re.compile(r"^Children and Young People"))
    assert "Verbal update" in cyp_row.inner_text()
    assert_accessible(page)

    statuses = dict(SubgroupReport.objects.values_list("subgroup__slug", "status"))
    assert statuses == {"vawg": "submitted", "cyp": "verbal"}
