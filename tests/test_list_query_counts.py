"""The read-only list pages make the same number of queries whatever the number of rows.

(Pages added by each area have their own such test beside their view tests.)
"""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting, Membership, SecurityClassification
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def member_client(client):
    board = BoardFactory(slug="bd-csp")
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user), role=Membership.Role.CLERK)
    client.force_login(user)
    return client, board


def _grow_boards(board, n):
    for i in range(n):
        child = SubgroupFactory(parent=board)
        MeetingFactory(board=child, status=Meeting.Status.AGENDA_PUBLISHED,
                       start=timezone.now() + dt.timedelta(days=i + 1))


def _grow_board(board, n):
    for i in range(n):
        MembershipFactory(board=board, person=PersonFactory())
        MeetingFactory(board=board, status=Meeting.Status.AGENDA_PUBLISHED,
                       start=timezone.now() - dt.timedelta(days=i + 1, hours=n))
        SubgroupFactory(parent=board)


def _grow_meeting(meeting, n):
    start = meeting.agenda_items.count()
    for i in range(n):
        item = AgendaItemFactory(meeting=meeting, position=start + i + 1, title=f"Item {i}")
        AgendaItemFactory(meeting=meeting, parent=item, position=1, title=f"Sub-item {i}")
        PaperFactory(agenda_item=item, title=f"Paper {i}")
        PaperFactory(agenda_item=item, title=f"Restricted {i}", position=2,
                     security=SecurityClassification.RESTRICTED, exempt_paragraph=7)
        AttendanceFactory(meeting=meeting, person=PersonFactory(), position=start + i)


def test_board_list(member_client):
    client, board = member_client
    _grow_boards(board, 2)
    few = _count(client, reverse("boards:board_list"))
    _grow_boards(board, 12)
    assert _count(client, reverse("boards:board_list")) == few


def test_board_detail(member_client):
    client, board = member_client
    url = reverse("boards:board_detail", kwargs={"slug": board.slug})
    _grow_board(board, 2)
    few = _count(client, url)
    _grow_board(board, 12)
    assert _count(client, url) == few


@pytest.mark.parametrize("signed_in", [True, False])
def test_meeting_detail(member_client, signed_in):
    client, board = member_client
    if not signed_in:
        client.logout()
    meeting = MeetingFactory(board=board, status=Meeting.Status.AGENDA_PUBLISHED)
    url = reverse("boards:meeting_detail", kwargs={"slug": board.slug, "pk": meeting.pk})
    _grow_meeting(meeting, 2)
    few = _count(client, url)
    _grow_meeting(meeting, 10)
    assert _count(client, url) == few


def _grow_log(board, n, start=1):
    from tests.factories import ActionFactory, OrganisationFactory

    lead = PersonFactory()
    organisation = OrganisationFactory()
    for number in range(start, start + n):
        meeting = MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=number))
        action = ActionFactory(raised_at=meeting, number=number, rag_status="RAG"[number % 3])
        action.lead_people.add(lead, PersonFactory())
        action.lead_organisations.add(organisation)


@pytest.mark.parametrize("query", [
    "", "?sort=raised_at&page=2", "?subgroups=include&rag_status=R&overdue=no",
])
def test_action_log(member_client, query):
    client, board = member_client
    url = reverse("actions:action_log", kwargs={"slug": board.slug}) + query
    _grow_log(board, 3)
    few = _count(client, url.replace("page=2", "page=1"))
    _grow_log(board, 50, start=4)  # more meetings than the list shows, more leads; two pages
    assert _count(client, url) == few


def test_my_actions(member_client):
    from actions.models import Action
    from tests.factories import ActionFactory

    client, board = member_client
    person = board.memberships.get().person
    url = reverse("actions:my_actions")
    for number in range(1, 3):
        ActionFactory(board=board, raised_at=MeetingFactory(board=board),
                      number=number).lead_people.add(person)
    few = _count(client, url)
    for number in range(3, 30):
        ActionFactory(board=board, raised_at=MeetingFactory(board=board), number=number,
                      status=Action.Status.OPEN).lead_people.add(person)
    assert _count(client, url) == few


def _grow_indicators(board, n, months=3):
    """``n`` more indicators of ``board``, each with approved returns for ``months`` months
    of 2017/18 and the same months of 2016/17 (and one draft, which the dashboard ignores)."""
    from indicators.models import IndicatorReturn
    from tests.factories import IndicatorFactory, IndicatorReturnFactory

    subgroup = SubgroupFactory(parent=board)
    for _ in range(n):
        indicator = IndicatorFactory(board=board, owning_subgroup=subgroup)
        for month in range(4, 4 + months):
            IndicatorReturnFactory(indicator=indicator, period=dt.date(2017, month, 1))
            IndicatorReturnFactory(indicator=indicator, period=dt.date(2016, month, 1))
        IndicatorReturnFactory(indicator=indicator, period=dt.date(2017, 4 + months, 1),
                               status=IndicatorReturn.Status.DRAFT)


@pytest.mark.parametrize("query", ["", "?as_at=2017-05", "?group=priority", "?as_at=nonsense"])
def test_performance_dashboard(member_client, query):
    client, board = member_client
    url = reverse("indicators:dashboard", kwargs={"slug": board.slug}) + query
    _grow_indicators(board, 2)
    few = _count(client, url)
    _grow_indicators(board, 12, months=6)  # more indicators, subgroups and months
    assert _count(client, url) == few
    from indicators.models import Indicator

    page = client.get(url).content.decode()
    assert all(name in page for name in Indicator.objects.values_list("name", flat=True))


def test_return_grid(member_client):
    from tests.factories import IndicatorFactory, IndicatorReturnFactory

    client, board = member_client
    indicator = IndicatorFactory(board=board, owning_subgroup=SubgroupFactory(parent=board))
    url = reverse("indicators:return_grid", kwargs={
        "slug": board.slug, "reference": indicator.reference, "year": 2017})
    IndicatorReturnFactory(indicator=indicator, period=dt.date(2017, 4, 1))
    few = _count(client, url)
    for month in range(5, 13):  # a fuller year, last year's figures, and other indicators
        IndicatorReturnFactory(indicator=indicator, period=dt.date(2017, month, 1))
        IndicatorReturnFactory(indicator=indicator, period=dt.date(2016, month, 1))
    _grow_indicators(board, 5)
    assert _count(client, url) == few
