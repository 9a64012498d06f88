"""My actions: every open action the signed-in user leads, across boards, overdue first."""
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
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = "/my-actions/"


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def person(user):
    return PersonFactory(user=user)


def _led(person, board, number, target, **kwargs):
    action = ActionFactory(raised_at=MeetingFactory(board=board), number=number,
                           target_date=target, target_date_tbc=target is None, **kwargs)
    action.lead_people.add(person)
    return action


def test_url():
    assert reverse("actions:my_actions") == URL


def test_overdue_first_then_by_target_date_tbc_last(client, user, person):
    today = timezone.localdate()
    csp, vawg = BoardFactory(name="CSP Board"), BoardFactory(name="VAWG")
    for board in (csp, vawg):
        MembershipFactory(board=board, person=person)
    _led(person, csp, 1, None)
    _led(person, csp, 2, today + dt.timedelta(days=10))
    _led(person, vawg, 1, today - dt.timedelta(days=2))
    _led(person, csp, 3, today - dt.timedelta(days=30))
    _led(person, csp, 4, today)
    _led(person, csp, 5, today, status=Action.Status.CLOSED)
    ActionFactory(raised_at=MeetingFactory(board=csp), number=6)  # led by someone else
    client.force_login(user)

    response = client.get(URL)
    html = response.content.decode()

    order = [(a.board.name, a.number) for a in response.context["actions"]]
    assert order == [("CSP Board", 3), ("VAWG", 1), ("CSP Board", 4), ("CSP Board", 2),
                     ("CSP Board", 1)]
    assert response.context["overdue_count"] == 2
    assert "2 of them overdue" in html
    assert html.count(">Overdue</strong>") == 2
    assert "Date TBC" in html and "govuk-tag--yellow" in html
    assert 'aria-current="page">My actions</a>' in html


def test_actions_of_a_board_the_user_has_left_are_not_shown(client, user, person):
    board = BoardFactory()
    MembershipFactory(board=board, person=person, end_date=dt.date(2017, 1, 1),
                      start_date=dt.date(2016, 1, 1))
    _led(person, board, 1, None)
    client.force_login(user)
    assert client.get(URL).context["actions"] == []


def test_a_user_with_no_person_is_told_so(client):
    client.force_login(UserFactory())
    assert "not linked to a person" in client.get(URL).content.decode()


def test_query_count_does_not_grow(client, user, person):
    board = BoardFactory()
    MembershipFactory(board=board, person=person)
    for n in range(1, 4):
        _led(person, board, n, None)
    client.force_login(user)
    with CaptureQueriesContext(connection) as three:
        client.get(URL)
    for n in range(4, 31):
        _led(person, board, n, dt.date(2018, 1, 1))
    with CaptureQueriesContext(connection) as thirty:
        assert len(client.get(URL).context["actions"]) == 30
    assert len(thirty.captured_queries) == len(three.captured_queries)
