"""Deleting an agenda item (boards:agenda_item_delete): confirm, then delete."""
import pytest
from django.urls import reverse

from boards.models import AgendaItem
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    return MeetingFactory(board=board)


def url(item):
    return reverse("boards:agenda_item_delete",
                   args=[item.meeting.board.slug, item.meeting.pk, item.pk])


def test_confirm_then_delete_with_sub_items(clerk_client, meeting):
    item = AgendaItemFactory(meeting=meeting, position=1, title="Updates")
    AgendaItemFactory(meeting=meeting, parent=item, position=1)
    AgendaItemFactory(meeting=meeting, position=2, title="AOB")

    page = clerk_client.get(url(item)).content.decode()
    assert "Delete item 1: Updates?" in page and "Its 1 sub-item will be deleted too" in page
    assert AgendaItem.objects.count() == 3

    response = clerk_client.post(url(item))
    assert response.status_code == 302
    assert list(meeting.agenda_items.values_list("position", "title")) == [(1, "AOB")]


def test_an_item_with_papers_is_kept_and_the_reason_shown(clerk_client, meeting):
    item = AgendaItemFactory(meeting=meeting, position=1)
    PaperFactory(agenda_item=item)
    html = clerk_client.post(url(item)).content.decode()
    assert "<title>Error: " in html and "it has papers" in html
    assert AgendaItem.objects.filter(pk=item.pk).exists()
