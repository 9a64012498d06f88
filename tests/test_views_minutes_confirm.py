"""Confirming a meeting's minutes as a true record at a later meeting (the chair)."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting
from csp_portal.models import AuditEntry
from tests.access_cases.minutes import _minuted_meeting
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
)
from tests.fixtures.boards import board_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(board):
    return board_user(board, "chair", username="chair")


@pytest.fixture
def held(board):
    return _minuted_meeting(board, timezone.now() - dt.timedelta(days=90), Meeting.Status.HELD)


@pytest.fixture
def next_meetings(board, held):
    return [
        MeetingFactory(board=board, start=held.start + dt.timedelta(days=days))
        for days in (180, 90)
    ]


def url(meeting) -> str:
    return reverse("boards:minutes_confirm", args=[meeting.board.slug, meeting.pk])


def test_offers_later_meetings_with_the_next_one_chosen(client, chair, held, next_meetings):
    later, soonest = next_meetings
    client.force_login(chair)
    html = client.get(url(held)).content.decode()
    assert f'value="{soonest.pk}"' in html and f'value="{later.pk}"' in html
    assert html.index(f'value="{soonest.pk}"') < html.index(f'value="{later.pk}"')
    checked = html[html.index(f'value="{soonest.pk}"'):][:80]
    assert "checked" in checked
    assert "Meeting at which the minutes were confirmed" in html


def test_confirming_locks_the_minutes_and_shows_them(client, chair, held, next_meetings):
    _, soonest = next_meetings
    client.force_login(chair)
    response = client.post(url(held), {
        "at_meeting": soonest.pk, "confirm": "on",
        "amendments": "Item 1: the chair's report was presented by the vice-chair.",
    }, follow=True)
    detail = reverse("boards:minutes_detail", args=[held.board.slug, held.pk])
    assert response.redirect_chain == [(detail, 302)]
    html = response.content.decode()
    assert "are confirmed" in html
    assert "Amendments agreed when the minutes were confirmed" in html
    assert "the chair&#x27;s report was presented by the vice-chair." in html
    held.refresh_from_db()
    assert held.status == Meeting.Status.MINUTES_CONFIRMED
    assert held.minutes_confirmed_at_meeting == soonest
    assert held.minutes_confirmed_by == chair
    assert held.minutes_amendments.startswith("Item 1:")
    assert AuditEntry.objects.filter(action="meeting.minutes_confirmed").count() == 1


def test_the_page_shows_the_draft_minutes_and_asks_before_locking(
    client, chair, held, next_meetings
):
    _, soonest = next_meetings
    client.force_login(chair)
    html = client.get(url(held)).content.decode()
    assert "Draft minutes of" in html
    assert "The board noted the chair&#x27;s report." in html
    response = client.post(url(held), {"at_meeting": soonest.pk, "amendments": "Kept text"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tick the box to confirm the minutes are a true record" in html
    assert "Kept text" in html
    held.refresh_from_db()
    assert held.status == Meeting.Status.HELD


def test_no_meeting_chosen_shows_an_error(client, chair, held, next_meetings):
    client.force_login(chair)
    response = client.post(url(held), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Confirm the minutes" in html
    assert "Choose the meeting at which the minutes were confirmed" in html
    held.refresh_from_db()
    assert held.status == Meeting.Status.HELD


def test_a_meeting_without_minutes_cannot_be_confirmed(client, chair, board, next_meetings):
    bare = MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=30),
                          status=Meeting.Status.AGENDA_PUBLISHED)
    AgendaItemFactory(meeting=bare)
    client.force_login(chair)
    assert "There are no minutes to confirm" in client.get(url(bare)).content.decode()
    response = client.post(url(bare), {"at_meeting": next_meetings[0].pk})
    assert response.status_code == 409
    assert "There are no minutes to confirm" in response.content.decode()
    bare.refresh_from_db()
    assert bare.status == Meeting.Status.AGENDA_PUBLISHED


def test_confirmed_minutes_cannot_be_confirmed_again(client, chair, held, next_meetings):
    first, second = next_meetings
    held.status = Meeting.Status.MINUTES_CONFIRMED
    held.minutes_confirmed_at_meeting = first
    held.save()
    client.force_login(chair)
    response = client.post(url(held), {"at_meeting": second.pk})
    assert response.status_code == 409
    assert "can no longer be changed" in response.content.decode()
    held.refresh_from_db()
    assert held.minutes_confirmed_at_meeting == first


def test_a_meeting_of_another_board_is_not_offered(client, chair, held, next_meetings):
    elsewhere = MeetingFactory(start=held.start + dt.timedelta(days=30))
    client.force_login(chair)
    response = client.post(url(held), {"at_meeting": elsewhere.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
