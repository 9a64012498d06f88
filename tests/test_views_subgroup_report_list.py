"""A subgroup's own update reports page (SUBMIT_REPORT on the subgroup)."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boards.models import Membership
from subgroups.models import SubgroupReport
from tests.factories import (
    MeetingFactory,
    SubgroupFactory,
)
from tests.fixtures.boards import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


@pytest.fixture
def officer_client(client, vawg):
    return signed_in(client, vawg, Membership.Role.OFFICER, username="vawg-officer")


def url(board) -> str:
    return reverse("subgroups:report_list", args=[board.slug])


def _meeting(board, days):
    return MeetingFactory(board=board, start=timezone.now() + dt.timedelta(days=days))


def test_lists_the_subgroups_reports_latest_meeting_first(officer_client, board, vawg):
    soon, later = _meeting(board, 20), _meeting(board, 80)
    deadline = timezone.localdate(later.start) - dt.timedelta(days=7)
    SubgroupReport.objects.create(meeting=soon, subgroup=vawg, status="submitted",
                                  submitted_at=timezone.now())
    SubgroupReport.objects.create(meeting=later, subgroup=vawg, status="requested",
                                  deadline=deadline)
    other = SubgroupFactory(name="Hate Crime", parent=board)
    SubgroupReport.objects.create(meeting=soon, subgroup=other, status="requested",
                                  title="Hate crime update")

    response = officer_client.get(url(vawg))

    assert response.status_code == 200
    html = response.content.decode()
    assert [r.meeting for r in response.context["reports"]] == [later, soon]
    assert deadline.strftime("%-d %B %Y") in html
    assert ">Write<span class=\"govuk-visually-hidden\"> the report" in html
    assert ">Change<span class=\"govuk-visually-hidden\"> the report" in html
    assert "Hate crime update" not in html


def test_says_when_nothing_has_been_asked(officer_client, vawg):
    html = officer_client.get(url(vawg)).content.decode()
    assert "The clerk has not asked VAWG for any update reports yet." in html


def test_the_subgroup_page_links_here_for_its_officers(officer_client, vawg):
    html = officer_client.get(reverse("boards:board_detail", args=[vawg.slug])).content.decode()
    assert f'href="{url(vawg)}">Update reports</a>' in html


def test_a_board_that_reports_to_none_has_no_such_page(client, board):
    signed_in(client, board, Membership.Role.OFFICER, username="officer")
    assert client.get(url(board)).status_code == 404


def _queries(client, vawg) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(vawg)).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_number_of_reports(officer_client, board, vawg):
    for days in (10, 20):
        SubgroupReport.objects.create(meeting=_meeting(board, days), subgroup=vawg)
    few = _queries(officer_client, vawg)
    for days in range(30, 100, 10):
        SubgroupReport.objects.create(meeting=_meeting(board, days), subgroup=vawg)
    assert _queries(officer_client, vawg) == few
