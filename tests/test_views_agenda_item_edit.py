"""Changing an agenda item (boards:agenda_item_edit)."""
import pytest
from django.urls import reverse

from boards.models import Meeting
from csp_portal.models import AuditEntry
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(board):
    meeting = MeetingFactory(board=board, status=Meeting.Status.AGENDA_PUBLISHED)
    return AgendaItemFactory(meeting=meeting, position=1, title="Performance",
                             presenter="Dan James", minutes_allowed=20)


def url(item):
    return reverse("boards:agenda_item_edit",
                   args=[item.meeting.board.slug, item.meeting.pk, item.pk])


def test_form_shows_the_item_and_the_published_warning(clerk_client, item):
    html = clerk_client.get(url(item)).content.decode()
    assert 'value="Performance"' in html and 'value="Dan James"' in html
    assert 'value="20"' in html
    assert "already published" in html


def test_saves_restriction_with_paragraph_seven(clerk_client, item):
    response = clerk_client.post(url(item), {
        "title": "Performance", "is_restricted": "on", "exempt_paragraph": "7",
        "minutes_allowed": "30",
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.is_restricted, item.exempt_paragraph, item.minutes_allowed) == (True, 7, 30)
    assert AuditEntry.objects.filter(action="agenda_item.updated").count() == 1


def test_restricted_without_paragraph_is_an_error(clerk_client, item):
    response = clerk_client.post(url(item), {"title": "Changed title", "is_restricted": "on"})
    assert "Select the exempt paragraph" in response.content.decode()
    item.refresh_from_db()
    assert (item.title, item.is_restricted) == ("Performance", False)


def test_an_item_of_another_meeting_is_not_found(clerk_client, item):
    other = AgendaItemFactory(meeting=MeetingFactory(board=item.meeting.board), position=1)
    wrong = reverse("boards:agenda_item_edit",
                    args=[item.meeting.board.slug, item.meeting.pk, other.pk])
    assert clerk_client.get(wrong).status_code == 404
