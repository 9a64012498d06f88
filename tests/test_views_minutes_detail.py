"""The minutes page: confirmed minutes for everyone, draft minutes for members only."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting
from tests.access_cases.minutes import CANARY, _minuted_meeting
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    PersonFactory,
)
from tests.fixtures.boards import board_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(board):
    return board_user(board)


@pytest.fixture
def confirmed(board):
    at = MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=10))
    meeting = _minuted_meeting(
        board, timezone.now() - dt.timedelta(days=100), Meeting.Status.MINUTES_CONFIRMED,
        minutes_confirmed_at=timezone.now(), minutes_confirmed_at_meeting=at,
    )
    AttendanceFactory(meeting=meeting, person=PersonFactory(name="Cllr Maureen Worby"),
                      status="present", note="Chair")
    return meeting


@pytest.fixture
def draft(board):
    return _minuted_meeting(board, timezone.now() - dt.timedelta(days=20), Meeting.Status.HELD)


def url(meeting) -> str:
    return reverse("boards:minutes_detail", args=[meeting.board.slug, meeting.pk])


def test_the_public_reads_confirmed_minutes_without_restricted_items(client, confirmed):
    html = client.get(url(confirmed)).content.decode()
    assert "The board noted the chair&#x27;s report." in html
    assert "Exempt information: this item was considered in private (paragraph 1)" in html
    assert "Private business" in html
    assert CANARY not in html
    assert "Declaring Member" not in html  # declarations on a restricted item stay private
    assert "Cllr Maureen Worby" in html and "Chair" in html
    assert "Confirmed as a true record at the meeting of" in html


def test_the_public_gets_404_for_draft_minutes(client, draft):
    assert client.get(url(draft)).status_code == 404


def test_members_read_draft_minutes_marked_as_draft(client, member, draft):
    client.force_login(member)
    html = client.get(url(draft)).content.decode()
    assert "Draft: not yet confirmed" in html
    assert f"{CANARY} case discussed" in html
    assert f"{CANARY} sub-item" in html
    assert "Declaring Member (personal)" in html
    assert "Restricted – exempt paragraph 1" in html


def test_members_reading_confirmed_minutes_see_restricted_items(client, member, confirmed):
    client.force_login(member)
    html = client.get(url(confirmed)).content.decode()
    assert "Draft: not yet confirmed" not in html
    assert CANARY in html
