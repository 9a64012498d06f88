"""Adding a forward plan item (boards:forward_plan_item_add)."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import ForwardPlanItem, Meeting
from tests.factories import (
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


def url(board):
    return reverse("boards:forward_plan_item_add", args=[board.slug])


def test_offers_future_and_planned_meetings_only(clerk_client, board):
    soon = MeetingFactory(board=board, start=timezone.now() + dt.timedelta(days=9))
    held = MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=9),
                          status=Meeting.Status.HELD)
    meetings = list(clerk_client.get(url(board)).context["form"].fields["meeting"].queryset)
    assert soon in meetings and held not in meetings


def test_adds_the_item(clerk_client, board):
    meeting = MeetingFactory(board=board, start=timezone.now() + dt.timedelta(days=9))
    response = clerk_client.post(url(board), {
        "meeting": meeting.pk, "title": "CSP Process", "reason": "discussion",
        "section": "discussion", "status": "", "is_standing": "on",
    })
    assert response.status_code == 302
    item = ForwardPlanItem.objects.get()
    assert (item.meeting, item.reason, item.is_standing) == (meeting, "discussion", True)


def test_missing_fields_are_explained(clerk_client, board):
    html = clerk_client.post(url(board), {"presenter": "Chair"}).content.decode()
    assert "<title>Error: " in html
    assert "Select the meeting the item is planned for" in html
    assert "Enter the report title" in html and 'value="Chair"' in html
