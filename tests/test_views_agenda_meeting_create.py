"""Creating a meeting (boards:meeting_create)."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting, Membership
from tests.factories import (
    ForwardPlanItemFactory,
    MeetingFactory,
)
from tests.fixtures.boards import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client, board):
    return signed_in(client, board, Membership.Role.CLERK, name="Alan Dawson")


def url(board):
    return reverse("boards:meeting_create", args=[board.slug])


def form_data(**extra):
    return {"date_0": "27", "date_1": "6", "date_2": "2030", "start": "10am", "end": "1pm",
            "venue": "Barking Learning Centre", "title": "", **extra}


def test_form_offers_planned_forward_plan_items_and_the_board_clerk(clerk_client, board):
    planned = MeetingFactory(board=board, start=timezone.make_aware(dt.datetime(2030, 6, 27)))
    ForwardPlanItemFactory(meeting=planned, title="CSP Process", presenter="Chair")
    published = MeetingFactory(board=board, status=Meeting.Status.AGENDA_PUBLISHED)
    ForwardPlanItemFactory(meeting=published, title="Already on an agenda")

    html = clerk_client.get(url(board)).content.decode()

    assert "CSP Process" in html and "Planned for 27 June 2030. Chair" in html
    assert "Already on an agenda" not in html
    assert '<option value="' in html and "selected>Alan Dawson" in html


def test_creates_the_meeting_and_its_draft_agenda(clerk_client, board):
    placeholder = MeetingFactory(board=board)
    fp = ForwardPlanItemFactory(meeting=placeholder, title="CSP Process", reason="discussion")

    response = clerk_client.post(url(board), form_data(forward_plan_items=[str(fp.pk)]))

    meeting = Meeting.objects.get(venue="Barking Learning Centre")
    assert response.status_code == 302
    assert response["Location"] == reverse("boards:agenda_edit", args=[board.slug, meeting.pk])
    local = timezone.localtime(meeting.start)
    assert (local.date(), local.hour, timezone.localtime(meeting.end).hour) == (
        dt.date(2030, 6, 27), 10, 13)
    assert list(meeting.agenda_items.values_list("title", "purpose")) == [
        ("CSP Process", "discussion")]
    fp.refresh_from_db()
    assert fp.meeting == meeting


def test_a_taken_start_is_an_error_on_the_page_with_the_input_kept(clerk_client, board):
    MeetingFactory(board=board, start=timezone.make_aware(dt.datetime(2030, 6, 27, 10)))

    response = clerk_client.post(url(board), form_data(venue="Town Hall"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "There is a problem" in html
    assert "already has a meeting on 27 June 2030" in html
    assert 'value="Town Hall"' in html
    assert Meeting.objects.count() == 1


def test_bad_date_and_time_are_explained(clerk_client, board):
    response = clerk_client.post(
        url(board), form_data(date_0="", start="ten", end="9am")
    )
    html = response.content.decode()
    assert "Enter the day of the month" in html
    assert "Enter start time as a time of day" in html
    assert not Meeting.objects.exists()


def test_end_before_start_is_an_error(clerk_client, board):
    html = clerk_client.post(url(board), form_data(end="9am")).content.decode()
    assert "The end time must be after the start time" in html
