"""The forward plan page (boards:forward_plan): public, by meeting, editable by the clerk."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting, Membership
from tests.factories import (
    BoardFactory,
    ForwardPlanItemFactory,
    MeetingFactory,
)
from tests.fixtures.boards import signed_in

pytestmark = pytest.mark.django_db


def future(days):
    return timezone.now() + dt.timedelta(days=days)


def url(board):
    return reverse("boards:forward_plan", args=[board.slug])


def login(client, board, role):
    signed_in(client, board, role)


def test_public_sees_planned_items_grouped_by_meeting_without_edit_links(client, board):
    june = MeetingFactory(board=board, start=future(30), publication_date=dt.date(2030, 6, 20))
    september = MeetingFactory(board=board, start=future(120))
    MeetingFactory(board=board, start=future(200))  # nothing planned yet
    ForwardPlanItemFactory(meeting=september, title="Community Safety Plan refresh")
    ForwardPlanItemFactory(meeting=june, title="Performance", is_standing=True, position=2)
    ForwardPlanItemFactory(meeting=june, title="CSP Process", position=1)
    past = MeetingFactory(board=board, start=future(-30), status=Meeting.Status.HELD)
    ForwardPlanItemFactory(meeting=past, title="Held long ago")

    response = client.get(url(board))

    groups = response.context["groups"]
    assert [[i.title for i in g.items] for g in groups] == [
        ["CSP Process", "Performance"], ["Community Safety Plan refresh"]]
    html = response.content.decode()
    assert "Standing item" in html and "Publication date: 20 June 2030" in html
    assert "Held long ago" not in html and "Change" not in html
    # a planned meeting's page is for members: the public gets its date but no link
    assert reverse("boards:meeting_detail", args=[board.slug, june.pk]) not in html


def test_clerk_sees_empty_meetings_and_edit_links(client, board):
    meeting = MeetingFactory(board=board, start=future(30))
    item = ForwardPlanItemFactory(meeting=MeetingFactory(board=board, start=future(60)))
    login(client, board, Membership.Role.CLERK)
    html = client.get(url(board)).content.decode()
    assert "Nothing is planned for this meeting yet" in html
    assert f"?meeting={meeting.pk}" in html
    assert reverse("boards:forward_plan_item_edit", args=[board.slug, item.pk]) in html
    assert reverse("boards:meeting_detail", args=[board.slug, meeting.pk]) in html


def test_officer_cannot_edit(client, board):
    ForwardPlanItemFactory(meeting=MeetingFactory(board=board, start=future(30)))
    login(client, board, Membership.Role.OFFICER)
    html = client.get(url(board)).content.decode()
    assert "Add an item" not in html and "Remove" not in html


def _queries(client, board) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(board)).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_plan(client, board):
    other = BoardFactory(slug="other")
    ForwardPlanItemFactory(meeting=MeetingFactory(board=board, start=future(30)))
    for days in (30, 60, 90, 120):
        meeting = MeetingFactory(board=other, start=future(days))
        for _ in range(4):
            ForwardPlanItemFactory(meeting=meeting)
    assert _queries(client, board) == _queries(client, other)
