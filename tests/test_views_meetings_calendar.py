"""The board's meetings as an iCalendar feed: published meetings only, for everyone."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from boards.models import Meeting
from tests.factories import BoardFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_feed_lists_published_meetings_with_time_venue_and_link(client):
    board = BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    start = timezone.make_aware(dt.datetime(2026, 12, 2, 14, 0))
    meeting = MeetingFactory(board=board, start=start, end=start + dt.timedelta(hours=2),
                             status=Meeting.Status.AGENDA_PUBLISHED, venue="Barking Town Hall")
    MeetingFactory(board=board, start=start + dt.timedelta(days=30),
                   status=Meeting.Status.PLANNED, title="Secret planning")
    events = _events(client.get(reverse("boards:meetings_calendar", kwargs={"slug": "bd-csp"})))
    assert len(events) == 1
    event = events[0]
    assert event["location"] == "Barking Town Hall"
    assert event.decoded("dtstart") == start
    assert event["url"].endswith(f"/boards/bd-csp/meetings/{meeting.pk}/")
    assert "Community Safety Partnership Board" in str(event["summary"])


def test_members_get_the_same_public_feed(client):
    board = BoardFactory(slug="bd-csp")
    MeetingFactory(board=board, status=Meeting.Status.PLANNED)
    client.force_login(UserFactory(is_staff=True))
    assert _events(client.get(reverse("boards:meetings_calendar", kwargs={"slug": "bd-csp"}))) == []
