"""Adding an agenda item or sub-item (boards:agenda_item_add)."""
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


def url(meeting, parent=None):
    base = reverse("boards:agenda_item_add", args=[meeting.board.slug, meeting.pk])
    return f"{base}?parent={parent.pk}" if parent else base


def test_adds_an_item_at_the_end_and_returns_to_the_agenda(clerk_client, meeting):
    AgendaItemFactory(meeting=meeting, position=1)
    response = clerk_client.post(url(meeting), {
        "title": "Any other business", "purpose": "information", "minutes_allowed": "5",
        "is_verbal": "on",
    })
    item = meeting.agenda_items.get(title="Any other business")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{item.pk}")
    assert (item.position, item.purpose, item.minutes_allowed, item.is_verbal) == (
        2, "information", 5, True)


def test_adds_a_sub_item_under_its_parent(clerk_client, meeting):
    parent = AgendaItemFactory(meeting=meeting, position=1, title="Subgroup updates")
    page = clerk_client.get(url(meeting, parent)).content.decode()
    assert "Add a sub-item to item 1: Subgroup updates" in page
    clerk_client.post(url(meeting, parent), {"title": "VAWG update"})
    assert parent.sub_items.get().full_label == "1(i)"


def test_restricted_without_paragraph_shows_the_error_and_keeps_the_input(clerk_client, meeting):
    response = clerk_client.post(url(meeting), {
        "title": "Case review", "description": "Typed notes", "is_restricted": "on",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Select the exempt paragraph that makes this item restricted" in html
    assert 'value="Case review"' in html and "Typed notes" in html
    assert not meeting.agenda_items.exists()


def test_a_sub_item_cannot_be_a_parent(clerk_client, meeting):
    parent = AgendaItemFactory(meeting=meeting, position=1)
    sub = AgendaItemFactory(meeting=meeting, parent=parent, position=1)
    assert clerk_client.get(url(meeting, sub)).status_code == 404
    assert clerk_client.get(url(meeting) + "?parent=x").status_code == 404
