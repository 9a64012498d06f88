"""Deletes that would cascade into a confirmed meeting's record are refused, whatever path
makes them; an action keeps its restriction when the item it was raised under goes."""
import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.models import ProtectedError

from actions.models import Action
from actions.services import action_raise
from boards.models import (
    AgendaItem,
    DeclarationOfInterest,
    Meeting,
    Minute,
    Paper,
    SupplementaryAgenda,
)
from boards.packs.generated import action_log_context
from tests import factories as f

pytestmark = pytest.mark.django_db


def _confirmed_meeting():
    meeting = f.MeetingFactory(status=Meeting.Status.MINUTES_CONFIRMED)
    item = f.AgendaItemFactory(meeting=meeting, position=1)
    sub = f.AgendaItemFactory(meeting=meeting, parent=item, position=1)
    f.MinuteFactory(agenda_item=item)
    paper = f.PaperFactory(agenda_item=sub)
    f.PaperSectionFactory(paper=paper)
    DeclarationOfInterest.objects.create(agenda_item=item, person=f.PersonFactory(),
                                         nature="Trustee")
    f.AttendanceFactory(meeting=meeting)
    return meeting, item


def test_deleting_an_item_of_a_confirmed_meeting_is_refused_and_keeps_everything():
    meeting, item = _confirmed_meeting()
    with pytest.raises(ProtectedError):
        item.delete()
    with pytest.raises(ProtectedError):
        meeting.delete()
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2
    assert Minute.objects.filter(agenda_item=item).exists()
    assert Paper.objects.filter(agenda_item__parent=item).exists()
    assert DeclarationOfInterest.objects.filter(agenda_item=item).exists()
    assert meeting.attendances.count() == 1


def test_a_planned_meetings_item_still_goes_with_what_hangs_on_it():
    item = f.AgendaItemFactory()
    f.MinuteFactory(agenda_item=item)
    f.PaperSectionFactory(paper=f.PaperFactory(agenda_item=item))
    item.delete()
    assert not Minute.objects.exists() and not Paper.objects.exists()


def test_a_published_paper_cannot_go_with_its_item_but_an_unpublished_supplements_can():
    meeting = f.MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    item = f.AgendaItemFactory(meeting=meeting)
    f.PaperFactory(agenda_item=item)
    with pytest.raises(ProtectedError):
        item.delete()
    late_item = f.AgendaItemFactory(meeting=meeting)
    supplement = SupplementaryAgenda.objects.create(meeting=meeting, number=1, reason="Urgent")
    f.PaperFactory(agenda_item=late_item, supplement=supplement)
    late_item.delete()
    assert not Paper.objects.filter(supplement=supplement).exists()


def test_an_action_keeps_its_restriction_when_its_item_goes():
    meeting = f.MeetingFactory(status=Meeting.Status.HELD)
    item = f.AgendaItemFactory(meeting=meeting, is_restricted=True, exempt_paragraph=7)
    action = action_raise(
        board=meeting.board, meeting=meeting, agenda_item=item, description="Secret step",
        lead_people=[], lead_body="Police", target_date=None, target_date_tbc=True,
        rag_status="A", actor=None,
    )
    item.delete()
    action.refresh_from_db()
    assert action.raised_under is None and action.exempt_paragraph == 7
    later = f.MeetingFactory(board=meeting.board, start=meeting.start + dt.timedelta(days=60))
    rows = action_log_context(later, edition="public")["rows"]
    assert rows[0]["description"] == "" and rows[0]["exempt_paragraph"] == 7
    members = action_log_context(later, edition="members")["rows"]
    assert members[0]["description"] == "Secret step"


def test_the_migration_fills_the_restriction_of_existing_actions():
    # The data migration's function run on actions saved before the restriction was kept
    # (exempt_paragraph empty); a schema round trip would cost a flush of the test database.
    from django.apps import apps

    fill = importlib.import_module("actions.migrations.0004_fill_action_exempt_paragraph").fill
    meeting = f.MeetingFactory()
    parent = AgendaItem.objects.create(meeting=meeting, position=1, title="Part 2",
                                       is_restricted=True, exempt_paragraph=3)
    sub = AgendaItem.objects.create(meeting=meeting, parent=parent, position=1, title="Sub")
    open_item = AgendaItem.objects.create(meeting=meeting, position=2, title="Open")
    for number, raised_under in ((1, sub), (2, open_item), (3, None)):
        Action.objects.create(board=meeting.board, number=number, raised_at=meeting,
                              raised_under=raised_under, description="x")
    assert set(Action.objects.values_list("exempt_paragraph", flat=True)) == {None}
    fill(apps, connection.schema_editor())
    paragraphs = dict(Action.objects.values_list("number", "exempt_paragraph"))
    assert paragraphs == {1: 3, 2: None, 3: None}
