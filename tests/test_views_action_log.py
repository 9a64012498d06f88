"""The action log page: a sortable, filterable GOV.UK table of a board's actions."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from tests.factories import (
    ActionFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory(
        board=BoardFactory(slug="bd-csp"),
        start=timezone.make_aware(dt.datetime(2017, 12, 13, 10, 0)),
    )


@pytest.fixture
def board(meeting):
    return meeting.board


@pytest.fixture
def member_client(client, board):
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user))
    client.force_login(user)
    return client


def url(board, **query) -> str:
    base = reverse("actions:action_log", args=[board.slug])
    if query:
        base += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return base


def numbers(response) -> list[int]:
    return [row.record.number for row in response.context["table"].paginated_rows]


def test_anonymous_is_sent_to_sign_in_and_non_members_are_refused(client, board):
    response = client.get(url(board))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(UserFactory())
    assert client.get(url(board)).status_code == 403


def test_member_of_the_parent_board_may_see_a_subgroups_log(client, board):
    subgroup = SubgroupFactory(parent=board)
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user))
    client.force_login(user)
    assert client.get(url(subgroup)).status_code == 200


def test_staff_may_see_any_log(client, board):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url(board)).status_code == 200


def test_row_shows_every_column_of_the_log(member_client, meeting):
    lead = PersonFactory(name="Kate Sandercock")
    action = ActionFactory(
        raised_at=meeting, number=7, description="Report knife crime figures",
        target_date=None, target_date_tbc=True, rag_status="R", comments="Awaiting data",
        lead_body="YOS management board",
    )
    action.lead_people.add(lead)

    html = member_client.get(url(meeting.board)).content.decode()

    assert '<th scope="row" class="govuk-table__header">7</th>' in html
    assert "Report knife crime figures" in html
    assert "Kate Sandercock, YOS management board" in html
    assert "13 Dec 2017" in html
    assert "Date TBC" in html
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in html
    assert '<strong class="govuk-tag">Open</strong>' in html
    assert "Awaiting data" in html
    assert 'class="govuk-table csp-action-table"' in html
    assert 'class="govuk-select"' in html


def test_open_actions_only_by_default_all_on_request(member_client, meeting):
    ActionFactory(raised_at=meeting, number=1)
    ActionFactory(raised_at=meeting, number=2, status=Action.Status.CLOSED)

    assert numbers(member_client.get(url(meeting.board))) == [1]
    assert numbers(member_client.get(url(meeting.board, status=""))) == [1, 2]
    assert numbers(member_client.get(url(meeting.board, status="closed"))) == [2]


def test_filter_by_rag_status(member_client, meeting):
    ActionFactory(raised_at=meeting, number=1, rag_status="R")
    ActionFactory(raised_at=meeting, number=2, rag_status="G")
    assert numbers(member_client.get(url(meeting.board, rag_status="G"))) == [2]


def test_filter_by_lead_offers_only_this_boards_leads(member_client, meeting):
    ours, theirs = PersonFactory(name="Our Lead"), PersonFactory(name="Their Lead")
    ActionFactory(raised_at=meeting, number=1).lead_people.add(ours)
    ActionFactory(raised_at=meeting, number=2)
    ActionFactory(raised_at=MeetingFactory()).lead_people.add(theirs)

    response = member_client.get(url(meeting.board, lead=ours.pk))

    assert numbers(response) == [1]
    choices = list(response.context["filter"].form.fields["lead"].queryset)
    assert choices == [ours]


def test_sort_by_target_date(member_client, meeting):
    ActionFactory(raised_at=meeting, number=1, target_date=dt.date(2018, 6, 1))
    ActionFactory(raised_at=meeting, number=2, target_date=dt.date(2018, 1, 1))
    ActionFactory(raised_at=meeting, number=3, target_date=dt.date(2018, 3, 1))

    assert numbers(member_client.get(url(meeting.board, sort="target_date"))) == [2, 3, 1]
    assert numbers(member_client.get(url(meeting.board, sort="-target_date"))) == [1, 3, 2]
    html = member_client.get(url(meeting.board, sort="target_date")).content.decode()
    assert 'aria-sort="ascending"' in html


def test_another_boards_actions_are_not_listed(member_client, meeting):
    ActionFactory(raised_at=meeting, number=1)
    ActionFactory(raised_at=MeetingFactory(), number=1)
    assert len(numbers(member_client.get(url(meeting.board)))) == 1


def _count_queries(client, board) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url(board))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_number_of_actions(member_client, meeting):
    leads = PersonFactory.create_batch(2)

    def add_actions(count: int, start: int) -> None:
        for n in range(start, start + count):
            ActionFactory(raised_at=meeting, number=n).lead_people.add(*leads)

    add_actions(3, 1)
    with_three = _count_queries(member_client, meeting.board)
    add_actions(27, 4)
    with_thirty = _count_queries(member_client, meeting.board)

    assert len(numbers(member_client.get(url(meeting.board)))) == 30
    assert with_thirty == with_three
