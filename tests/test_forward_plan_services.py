"""Forward plan writes (boards.agenda.forward_plan)."""
import pytest
from django.core.exceptions import ValidationError

from boards.agenda.forward_plan import (
    ForwardPlanItemInput,
    forward_plan_item_create,
    forward_plan_item_delete,
    forward_plan_item_update,
)
from boards.models import ForwardPlanItem
from csp_portal.models import AuditEntry
from tests.factories import ForwardPlanItemFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_puts_the_item_last_in_its_meetings_plan(board):
    meeting = MeetingFactory(board=board)
    ForwardPlanItemFactory(meeting=meeting, position=4)
    item = forward_plan_item_create(
        board=board, actor=UserFactory(),
        data=ForwardPlanItemInput(meeting=meeting, title="  CSP Process ", reason="discussion",
                                  section="discussion", is_standing=True),
    )
    assert (item.position, item.title, item.board, item.is_standing) == (
        5, "CSP Process", board, True)
    assert AuditEntry.objects.filter(action="forward_plan_item.created").count() == 1


def test_meeting_of_another_board_and_blank_title_are_refused(board):
    with pytest.raises(ValidationError) as exc:
        forward_plan_item_create(
            board=board, actor=None,
            data=ForwardPlanItemInput(meeting=MeetingFactory(), title=" "),
        )
    assert set(exc.value.message_dict) == {"meeting", "title"}
    assert not ForwardPlanItem.objects.exists()


def test_update_to_another_meeting_goes_last_there_and_is_audited(board):
    june, september = MeetingFactory(board=board), MeetingFactory(board=board)
    ForwardPlanItemFactory(meeting=september, position=1)
    item = ForwardPlanItemFactory(meeting=june, position=1, title="Performance")
    forward_plan_item_update(
        forward_plan_item=item, actor=None,
        data=ForwardPlanItemInput(meeting=september, title="Performance", status="received"),
    )
    item.refresh_from_db()
    assert (item.meeting, item.position, item.status) == (september, 2, "received")
    entry = AuditEntry.objects.get(action="forward_plan_item.updated")
    assert entry.detail["changed"]["meeting"] == [june.pk, september.pk]


def test_delete_is_audited(board):
    item = ForwardPlanItemFactory(meeting=MeetingFactory(board=board))
    pk = item.pk
    forward_plan_item_delete(forward_plan_item=item, actor=None)
    assert not ForwardPlanItem.objects.exists()
    assert AuditEntry.objects.get(action="forward_plan_item.deleted").object_id == str(pk)


def test_a_break_is_planned_but_never_becomes_an_agenda_item(board):
    import datetime as dt

    from django.utils import timezone

    from boards.agenda.services import meeting_create
    from boards.models import Meeting

    planned = MeetingFactory(board=board, status=Meeting.Status.PLANNED)
    actor = UserFactory()
    performance = forward_plan_item_create(
        board=board, actor=actor, data=ForwardPlanItemInput(meeting=planned, title="Performance"))
    pause = forward_plan_item_create(
        board=board, actor=actor,
        data=ForwardPlanItemInput(meeting=planned, title="Break", is_break=True))
    assert pause.is_break
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=40)
    meeting = meeting_create(board=board, start=start, actor=actor,
                             forward_plan_items=[performance, pause])
    assert [i.title for i in meeting.agenda_items.all()] == ["Performance"]
