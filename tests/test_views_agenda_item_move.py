"""Moving an agenda item up or down (boards:agenda_item_move)."""
import pytest
from django.urls import reverse

from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    return MeetingFactory(board=board)


def url(item):
    return reverse("boards:agenda_item_move",
                   args=[item.meeting.board.slug, item.meeting.pk, item.pk])


def test_moving_up_renumbers_and_says_so(clerk_client, meeting):
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome")
    aob = AgendaItemFactory(meeting=meeting, position=2, title="AOB")

    response = clerk_client.post(url(aob), {"direction": "up"}, follow=True)

    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "AOB", "Welcome"]
    assert "Moved AOB up: it is now item 1" in response.content.decode()


def test_get_and_unknown_directions_change_nothing(clerk_client, meeting):
    item = AgendaItemFactory(meeting=meeting, position=1)
    AgendaItemFactory(meeting=meeting, position=2)
    assert clerk_client.get(url(item)).status_code == 405
    response = clerk_client.post(url(item), {"direction": "left"}, follow=True)
    assert "Choose to move the item up or down" in response.content.decode()
    item.refresh_from_db()
    assert item.position == 1
