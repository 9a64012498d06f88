"""Changing a forward plan item (boards:forward_plan_item_edit)."""
import pytest
from django.urls import reverse

from boards.models import Meeting
from tests.factories import (
    ForwardPlanItemFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(board):
    held = MeetingFactory(board=board, status=Meeting.Status.HELD)
    return ForwardPlanItemFactory(meeting=held, title="Performance", reason="decision")


def url(item):
    return reverse("boards:forward_plan_item_edit", args=[item.board.slug, item.pk])


def test_form_keeps_the_current_meeting_selectable(clerk_client, item):
    form = clerk_client.get(url(item)).context["form"]
    assert item.meeting in form.fields["meeting"].queryset
    assert form.initial["title"] == "Performance"


def test_saves_changes(clerk_client, item):
    response = clerk_client.post(url(item), {
        "meeting": item.meeting.pk, "title": "Performance report", "reason": "information",
        "status": "received",
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.reason, item.status) == ("Performance report", "information",
                                                      "received")


def test_an_item_of_another_board_is_not_found(clerk_client, item):
    other = ForwardPlanItemFactory()
    wrong = reverse("boards:forward_plan_item_edit", args=[item.board.slug, other.pk])
    assert clerk_client.get(wrong).status_code == 404
