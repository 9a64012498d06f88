"""The home page's "Your tasks" (home.selectors.person_tasks): minutes to record, actions led
(overdue first), reports requested, returns to submit and approve, packs to publish."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Membership
from home.selectors import person_tasks
from tests import factories as f
from tests.fixtures.boards import board_user

pytestmark = pytest.mark.django_db

TODAY = dt.date(2018, 3, 20)


@pytest.fixture(autouse=True)
def _demo_today(settings):
    settings.DEMO_TODAY = TODAY


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _headings(user) -> dict[str, list[str]]:
    return {tl.heading: [t.text for t in tl.tasks] for tl in person_tasks(user=user)}


def test_a_clerk_sees_packs_to_publish_and_minutes_to_record(board):
    clerk = board_user(board, Membership.Role.CLERK)
    f.MeetingFactory(board=board, start=_at(dt.date(2018, 3, 28)), status="planned")
    f.MeetingFactory(board=board, start=_at(dt.date(2018, 1, 24)), status="agenda_published")
    f.MeetingFactory(board=board, start=_at(dt.date(2017, 11, 1)), status="minutes_confirmed")
    tasks = person_tasks(user=clerk)
    packs = next(t for t in tasks if t.heading == "Agenda packs to publish")
    assert [t.detail for t in packs.tasks] == ["Publish by 20 March 2018"]
    assert not packs.tasks[0].urgent
    minutes = next(t for t in tasks if t.heading == "Minutes to record")
    assert [t.text for t in minutes.tasks] == [
        "Community Safety Partnership Board, 24 January 2018"
    ]


def test_a_lead_sees_overdue_actions_first(board):
    officer = board_user(board, Membership.Role.OFFICER)
    raised = f.MeetingFactory(board=board, start=_at(dt.date(2018, 1, 24)), status="held")
    for number, target in ((1, dt.date(2018, 4, 30)), (2, dt.date(2018, 3, 1)), (3, None)):
        f.ActionFactory(raised_at=raised, number=number, target_date=target,
                        description=f"Action {number}").lead_people.add(officer.person)
    f.ActionFactory(raised_at=raised, number=4, status="closed").lead_people.add(officer.person)
    [actions] = [t for t in person_tasks(user=officer) if t.heading == "Actions you lead"]
    assert [t.text.split(": ")[1] for t in actions.tasks] == ["Action 2", "Action 1", "Action 3"]
    assert [t.urgent for t in actions.tasks] == [True, False, False]


def test_a_subgroup_chair_sees_the_report_requested_and_officers_their_returns(board):
    subgroup = f.SubgroupFactory(parent=board, name="VAWG", slug="vawg")
    chair = board_user(subgroup, Membership.Role.CHAIR)
    meeting = f.MeetingFactory(board=board, start=_at(dt.date(2018, 3, 28)))
    f.SubgroupReportFactory(meeting=meeting, subgroup=subgroup, status="requested",
                            deadline=dt.date(2018, 3, 23))
    f.IndicatorFactory(board=board, owning_subgroup=subgroup, reference="4",
                       name="Domestic abuse", frequency="monthly")
    tasks = _headings(chair)
    assert tasks["Reports requested of you"] == [
        "VAWG report to Community Safety Partnership Board, 28 March 2018"
    ]
    assert tasks["Returns to submit"] == ["4 Domestic abuse"]
    # The board's clerk, who asked for the report, is not asked to write it, nor to enter
    # the subgroup's returns (which a clerk may edit).
    clerk_tasks = _headings(board_user(board, Membership.Role.CLERK))
    assert "Reports requested of you" not in clerk_tasks
    assert "Returns to submit" not in clerk_tasks


def test_a_chair_sees_returns_to_approve_but_not_their_own(board):
    chair = board_user(board, Membership.Role.CHAIR)
    other = f.UserFactory()
    indicator = f.IndicatorFactory(board=board, reference="1", name="Burglary")
    f.IndicatorReturnFactory(indicator=indicator, period=dt.date(2018, 1, 1),
                             status="submitted", submitted_by=other)
    f.IndicatorReturnFactory(indicator=indicator, period=dt.date(2017, 12, 1),
                             status="submitted", submitted_by=chair)
    [approve] = [t for t in person_tasks(user=chair) if t.heading == "Returns to approve"]
    assert [t.detail for t in approve.tasks] == ["January 2018"]


def test_the_home_page_shows_tasks_to_the_signed_in_only(client, board):
    clerk = board_user(board, Membership.Role.CLERK)
    f.MeetingFactory(board=board, start=_at(dt.date(2018, 3, 28)), status="planned")
    assert "Your tasks" not in client.get(reverse("boards:board_list")).content.decode()
    client.force_login(clerk)
    body = client.get(reverse("boards:board_list")).content.decode()
    assert "Your tasks" in body and "Agenda packs to publish (1)" in body


def test_the_home_page_takes_the_same_number_of_queries_for_more_tasks(
    client, board, django_assert_num_queries
):
    clerk = board_user(board, Membership.Role.CLERK)
    subgroup = f.SubgroupFactory(parent=board)
    Membership.objects.create(board=subgroup, person=clerk.person, role="chair")

    def add(n: int) -> None:
        raised = f.MeetingFactory(board=board, start=_at(dt.date(2018, 1, 3 + n)), status="held")
        f.MeetingFactory(board=board, start=_at(dt.date(2018, 4, 3 + n)), status="planned")
        f.ActionFactory(raised_at=raised, number=n + 1).lead_people.add(clerk.person)
        f.SubgroupReportFactory(meeting=f.MeetingFactory(board=board,
                                start=_at(dt.date(2018, 5, 3 + n))), subgroup=subgroup,
                                status="requested")
        f.IndicatorFactory(board=board, owning_subgroup=subgroup, frequency="monthly")

    client.force_login(clerk)
    add(0)
    url = reverse("boards:board_list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 4):
        add(n)
    with django_assert_num_queries(len(one.captured_queries)):
        body = client.get(url).content.decode()
    assert "Actions you lead (4)" in body and "Minutes to record (4)" in body
