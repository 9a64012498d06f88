"""A board's published meetings as an iCalendar feed, for calendar apps to subscribe to.

Calendar apps fetch feeds without signing in, so the feed holds public
information only: meetings whose agenda is published (DOMAIN.md: Publication
and access rules), with their date, time, venue and a link to the meeting page.
"""
import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .access import BoardAccess, board_view
from .models import Meeting
from .selectors import PUBLISHED_STATUSES

DEFAULT_LENGTH = dt.timedelta(hours=2)
"""Shown as a meeting's length when it has no end time recorded."""


def board_calendar(*, board, meetings: list[Meeting], base_url: str) -> bytes:
    """An RFC 5545 calendar of ``meetings`` (times in UTC), as bytes.

    ``base_url`` is the site's scheme and host, e.g. "https://csp.example.org".
    """
    calendar = Calendar()
    calendar.add("prodid", "-//CSP Portal//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{board.name} meetings")
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@csp-portal")
        event.add("summary", f"{board.name}: {meeting.display_title}")
        event.add("dtstart", meeting.start.astimezone(dt.UTC))
        event.add("dtend", (meeting.end or meeting.start + DEFAULT_LENGTH).astimezone(dt.UTC))
        event.add("dtstamp", (meeting.published_at or meeting.start).astimezone(dt.UTC))
        if meeting.venue:
            event.add("location", meeting.venue)
        path = reverse("boards:meeting_detail", kwargs={"slug": board.slug, "pk": meeting.pk})
        event.add("url", base_url + path)
        calendar.add_component(event)
    return calendar.to_ical()


@board_view
def meetings_calendar(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """The board's published meetings as text/calendar, the same for every visitor."""
    meetings = list(
        access.board.meetings.filter(status__in=PUBLISHED_STATUSES)
        .filter(start__gte=timezone.now() - dt.timedelta(days=366))
        .order_by("start")
    )
    base_url = f"{request.scheme}://{request.get_host()}"
    body = board_calendar(board=access.board, meetings=meetings, base_url=base_url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{access.board.slug}-meetings.ics"'
    return response
