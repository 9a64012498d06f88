"""Reads for the record page and the minutes page (boards.minutes.selectors)."""
import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boards.minutes import selectors
from boards.models import Meeting
from tests.access_cases.minutes import CANARY, _minuted_meeting
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    MinuteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return _minuted_meeting(
        BoardFactory(), timezone.now() - dt.timedelta(days=30), Meeting.Status.MINUTES_CONFIRMED
    )


def test_non_members_get_restricted_items_redacted_with_their_paragraph(meeting):
    entries = selectors.meeting_minutes(meeting=meeting, is_member=False)
    open_entry, private = entries
    assert open_entry.text == "The board noted the chair's report."
    assert (private.redacted, private.exempt_paragraph) == (True, 1)
    assert private.text == private.decisions == ""
    assert private.declarations == []
    assert private.sub_items[0].redacted and private.sub_items[0].text == ""
    assert CANARY not in repr(entries)


def test_members_get_every_minute(meeting):
    _, private = selectors.meeting_minutes(meeting=meeting, is_member=True)
    assert not private.redacted
    assert private.text.startswith(CANARY)
    assert private.sub_items[0].label == "(i)"
    assert private.declarations[0].person.name == "Declaring Member"


def test_draft_minutes_are_hidden_from_non_members():
    draft = _minuted_meeting(BoardFactory(), timezone.now(), Meeting.Status.HELD)
    with pytest.raises(Http404):
        selectors.minutes_meeting_get(board=draft.board, pk=draft.pk, is_member=False)
    assert selectors.minutes_meeting_get(board=draft.board, pk=draft.pk, is_member=True) == draft


def test_record_items_put_sub_items_under_their_item_in_a_fixed_number_of_queries():
    meeting = MeetingFactory()
    second = AgendaItemFactory(meeting=meeting, position=2, title="Second")
    first = AgendaItemFactory(meeting=meeting, position=1, title="First")
    sub = AgendaItemFactory(meeting=meeting, parent=first, position=1, title="Sub")
    MinuteFactory(agenda_item=sub)
    with CaptureQueriesContext(connection) as queries:
        items = selectors.record_agenda_items(meeting=meeting)
        minutes = [i.current_minute for i in items]
    assert items == [first, sub, second]
    assert [i.depth for i in items] == [0, 1, 0]
    assert minutes[1] is not None and minutes[0] is None
    assert len(queries) == 4  # items, declarations, actions raised under them, minutes


def test_members_are_those_current_on_the_meeting_day():
    meeting = MeetingFactory(start=timezone.make_aware(dt.datetime(2018, 3, 28, 10)))
    current = MembershipFactory(board=meeting.board, start_date=dt.date(2017, 1, 1))
    MembershipFactory(board=meeting.board, end_date=dt.date(2018, 1, 1))
    MembershipFactory(board=meeting.board, person=current.person, role="chair")
    assert selectors.meeting_members(meeting=meeting) == [current.person]
