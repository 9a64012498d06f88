"""The agenda editor (boards:agenda_edit): order, sub-items, timings, warnings, query count."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db


def meeting_at_ten(board, **kwargs):
    start = timezone.make_aware(dt.datetime(2030, 6, 27, 10, 0))
    return MeetingFactory(board=board, start=start, end=start + dt.timedelta(hours=1), **kwargs)


def url(meeting):
    return reverse("boards:agenda_edit", args=[meeting.board.slug, meeting.pk])


def test_items_in_order_with_sub_items_and_cumulative_start_times(clerk_client, board):
    meeting = meeting_at_ten(board)
    AgendaItemFactory(meeting=meeting, position=2, title="Performance", minutes_allowed=40)
    updates = AgendaItemFactory(meeting=meeting, position=1, title="Subgroup updates")
    AgendaItemFactory(meeting=meeting, parent=updates, position=1, title="VAWG",
                      minutes_allowed=10)
    AgendaItemFactory(meeting=meeting, parent=updates, position=2, title="Hate crime",
                      minutes_allowed=15, is_restricted=True, exempt_paragraph=7)

    response = clerk_client.get(url(meeting))

    plan = response.context["plan"]
    assert [(r.label, r.item.title, r.starts_at.strftime("%H:%M")) for r in plan.rows] == [
        ("1", "Subgroup updates", "10:00"), ("2", "Performance", "10:25")]
    assert [(r.label, r.starts_at.strftime("%H:%M")) for r in plan.rows[0].sub_items] == [
        ("1(i)", "10:00"), ("1(ii)", "10:10")]
    assert plan.total_minutes == 65
    html = response.content.decode()
    assert html.index("Subgroup updates") < html.index("VAWG") < html.index("Performance")
    assert "Restricted – paragraph 7" in html
    assert "runs past the meeting&#x27;s end time" in html or "runs past the meeting" in html
    assert "already published" not in html


def test_published_agenda_shows_a_warning_banner(clerk_client, board):
    meeting = meeting_at_ten(board, status=Meeting.Status.AGENDA_PUBLISHED)
    html = clerk_client.get(url(meeting)).content.decode()
    assert "govuk-notification-banner" in html
    assert "will not change until you publish it again" in html


def test_confirmed_minutes_lock_the_agenda(clerk_client, board):
    meeting = meeting_at_ten(board, status=Meeting.Status.MINUTES_CONFIRMED)
    AgendaItemFactory(meeting=meeting, position=1)
    html = clerk_client.get(url(meeting)).content.decode()
    assert "can no longer be changed" in html
    assert "Move down" not in html and "Add an item" not in html


def _queries(client, meeting) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(meeting)).status_code == 200
    return len(ctx.captured_queries)


def _fill(meeting, count):
    for position in range(1, count + 1):
        item = AgendaItemFactory(meeting=meeting, position=position, minutes_allowed=5)
        PaperFactory(agenda_item=item)
        AgendaItemFactory(meeting=meeting, parent=item, position=1)


def test_query_count_does_not_grow_with_the_agenda(clerk_client, board):
    small, large = meeting_at_ten(board), MeetingFactory(board=board)
    _fill(small, 3)
    _fill(large, 15)
    assert _queries(clerk_client, small) == _queries(clerk_client, large)
