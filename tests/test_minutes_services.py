"""Writes for recording a meeting and confirming its minutes (boards.minutes.services)."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from boards.minutes.services import (
    AttendanceInput,
    DeclarationInput,
    MinuteInput,
    MinutesLocked,
    meeting_minutes_confirm,
    meeting_record_save,
)
from boards.models import Attendance, DeclarationOfInterest, Meeting, Minute
from csp_portal.models import AuditEntry
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    MeetingFactory,
    MinuteFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory(
        board=BoardFactory(), start=timezone.now() - dt.timedelta(days=1),
        status=Meeting.Status.AGENDA_PUBLISHED,
    )


@pytest.fixture
def next_meeting(meeting):
    return MeetingFactory(board=meeting.board, start=meeting.start + dt.timedelta(days=90))


@pytest.fixture
def user():
    return UserFactory()


def _save(meeting, user, **kwargs):
    return meeting_record_save(
        meeting=meeting, actor=user, minutes=kwargs.get("minutes", []),
        attendance=kwargs.get("attendance", []), declarations=kwargs.get("declarations", []),
    )


def test_save_writes_the_record_and_marks_a_published_meeting_held(meeting, user):
    item = AgendaItemFactory(meeting=meeting)
    chair, substitute = PersonFactory(), PersonFactory()
    saved = _save(
        meeting, user,
        minutes=[MinuteInput(agenda_item=item, text=" Noted. ", decisions="Agreed.")],
        attendance=[
            AttendanceInput(person=chair, status="present", note="Chair"),
            AttendanceInput(person=substitute, status="in_attendance", substituting_for=chair),
        ],
        declarations=[DeclarationInput(agenda_item=item, person=chair, nature="Trustee")],
    )
    assert saved.status == Meeting.Status.HELD
    assert Minute.objects.get().text == "Noted."
    assert Attendance.objects.get(person=substitute).substituting_for == chair
    assert Attendance.objects.get(person=chair).position == 1
    assert DeclarationOfInterest.objects.get().nature == "Trustee"
    entry = AuditEntry.objects.get(action="meeting.record_saved")
    assert entry.actor == user
    assert entry.detail["status"] == ["agenda_published", "held"]


def test_save_replaces_attendance_and_declarations(meeting, user):
    item = AgendaItemFactory(meeting=meeting)
    gone, kept = PersonFactory(), PersonFactory()
    AttendanceFactory(meeting=meeting, person=gone)
    AttendanceFactory(meeting=meeting, person=kept, status="present")
    DeclarationOfInterest.objects.create(agenda_item=item, person=gone, nature="Old")
    _save(meeting, user, attendance=[AttendanceInput(person=kept, status="apologies")])
    assert list(Attendance.objects.values_list("person", "status")) == [(kept.pk, "apologies")]
    assert not DeclarationOfInterest.objects.exists()


def test_without_minutes_the_meeting_stays_published(meeting, user):
    item = AgendaItemFactory(meeting=meeting)
    assert _save(meeting, user, minutes=[MinuteInput(agenda_item=item)]).status == (
        Meeting.Status.AGENDA_PUBLISHED
    )
    assert not Minute.objects.exists()


def test_invalid_input_saves_nothing(meeting, user):
    item = AgendaItemFactory(meeting=meeting)
    other_item = AgendaItemFactory()
    person = PersonFactory()
    with pytest.raises(ValidationError) as exc:
        _save(
            meeting, user,
            minutes=[MinuteInput(agenda_item=item, text="Would be saved")],
            attendance=[AttendanceInput(person=person, status="", substituting_for=person)],
            declarations=[
                DeclarationInput(agenda_item=item, person=person, nature=" "),
                DeclarationInput(agenda_item=other_item, person=person, nature="x"),
            ],
        )
    text = " ".join(exc.value.messages)
    assert "Choose the attendance status" in text
    assert "cannot substitute for themselves" in text
    assert "Enter the nature" in text
    assert "not one of this meeting's" in text
    assert not Minute.objects.exists()
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.exists()


def test_confirmed_minutes_are_locked(meeting, user, next_meeting):
    item = AgendaItemFactory(meeting=meeting)
    MinuteFactory(agenda_item=item, text="Original")
    meeting_minutes_confirm(meeting=meeting, actor=user, at_meeting=next_meeting)
    with pytest.raises(MinutesLocked, match="can no longer be changed"):
        _save(meeting, user, minutes=[MinuteInput(agenda_item=item, text="Changed")])
    assert Minute.objects.get().text == "Original"
    with pytest.raises(MinutesLocked):
        meeting_minutes_confirm(meeting=meeting, actor=user, at_meeting=next_meeting)


def test_confirm_sets_who_when_and_where(meeting, user, next_meeting):
    MinuteFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    confirmed = meeting_minutes_confirm(meeting=meeting, actor=user, at_meeting=next_meeting)
    confirmed.refresh_from_db()
    assert confirmed.status == Meeting.Status.MINUTES_CONFIRMED
    assert confirmed.minutes_confirmed_by == user
    assert confirmed.minutes_confirmed_at_meeting == next_meeting
    assert confirmed.minutes_confirmed_at is not None
    entry = AuditEntry.objects.get(action="meeting.minutes_confirmed")
    assert entry.detail == {"status": ["agenda_published", "minutes_confirmed"],
                            "at_meeting": next_meeting.pk, "amendments": ""}


def test_confirm_refuses_a_meeting_without_minutes(meeting, user, next_meeting):
    AgendaItemFactory(meeting=meeting)
    with pytest.raises(ValidationError, match="no minutes to confirm"):
        meeting_minutes_confirm(meeting=meeting, actor=user, at_meeting=next_meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED


def test_confirm_needs_a_later_meeting_of_the_same_board(meeting, user):
    MinuteFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    earlier = MeetingFactory(board=meeting.board, start=meeting.start - dt.timedelta(days=90))
    elsewhere = MeetingFactory(start=meeting.start + dt.timedelta(days=90))
    for at in (earlier, elsewhere):
        with pytest.raises(ValidationError, match="later meeting of the same board"):
            meeting_minutes_confirm(meeting=meeting, actor=user, at_meeting=at)
