"""Meeting creation from the forward plan and agenda item writes (boards.agenda.services)."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from boards.agenda import services
from boards.agenda.services import AgendaItemInput, AgendaLocked
from boards.models import AgendaItem, ForwardPlanItem, Meeting
from csp_portal.models import AuditEntry
from tests.factories import (
    AgendaItemFactory,
    ForwardPlanItemFactory,
    MeetingFactory,
    MinuteFactory,
    PaperFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2030, 6, day, hour, 0))


@pytest.fixture
def clerk():
    return UserFactory(username="clerk")


def titles(meeting, parent=None):
    return list(
        AgendaItem.objects.filter(meeting=meeting, parent=parent)
        .order_by("position").values_list("position", "title")
    )


# --- meeting_create -----------------------------------------------------------------------


def test_forward_plan_items_become_draft_agenda_items_in_order(board, clerk):
    placeholder = MeetingFactory(board=board, start=at(27, 12))
    performance = ForwardPlanItemFactory(
        meeting=placeholder, position=1, title="Performance", presenter="Dan James",
        reason="decision", is_standing=True,
    )
    plan = ForwardPlanItemFactory(
        meeting=placeholder, position=2, title="Community Safety Plan refresh",
        presenter="Jonathon Toy", reason="discussion",
    )

    meeting = services.meeting_create(
        board=board, start=at(27), end=at(27, 13), venue="Barking Learning Centre",
        forward_plan_items=[performance, plan], actor=clerk,
    )

    assert meeting.status == Meeting.Status.PLANNED
    items = list(meeting.agenda_items.order_by("position"))
    assert [(i.position, i.title, i.presenter, i.purpose, i.is_standing) for i in items] == [
        (1, "Performance", "Dan James", "decision", True),
        (2, "Community Safety Plan refresh", "Jonathon Toy", "discussion", False),
    ]
    assert set(ForwardPlanItem.objects.values_list("meeting_id", flat=True)) == {meeting.pk}
    entry = AuditEntry.objects.get(action="meeting.created")
    assert entry.actor == clerk and entry.object_id == str(meeting.pk)
    assert entry.detail["forward_plan_items"] == [performance.pk, plan.pk]


def test_a_second_meeting_at_the_same_start_is_a_clear_error(board, clerk):
    MeetingFactory(board=board, start=at(27))
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(board=board, start=at(27), actor=clerk)
    assert "already has a meeting on 27 June 2030" in exc.value.message_dict["start"][0]
    assert Meeting.objects.count() == 1


def test_end_before_start_is_refused(board, clerk):
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(board=board, start=at(27, 13), end=at(27, 10), actor=clerk)
    assert "end" in exc.value.message_dict


def test_items_of_a_published_meeting_or_another_board_are_refused(board, clerk):
    published = MeetingFactory(board=board, status=Meeting.Status.AGENDA_PUBLISHED)
    other = ForwardPlanItemFactory(meeting=MeetingFactory())
    for fp in (ForwardPlanItemFactory(meeting=published), other):
        with pytest.raises(ValidationError) as exc:
            services.meeting_create(
                board=board, start=at(28), forward_plan_items=[fp], actor=clerk
            )
        assert "forward_plan_items" in exc.value.message_dict
    assert not Meeting.objects.filter(start=at(28)).exists()


# --- agenda items -------------------------------------------------------------------------


def test_items_and_sub_items_are_added_at_the_end(board, clerk):
    meeting = MeetingFactory(board=board)
    first = services.agenda_item_create(meeting=meeting, data=AgendaItemInput(title="Welcome"),
                                        actor=clerk)
    services.agenda_item_create(meeting=meeting, data=AgendaItemInput(title="Updates"),
                                actor=clerk)
    sub = services.agenda_item_create(
        meeting=meeting, parent=first, data=AgendaItemInput(title="Apologies"), actor=clerk
    )
    assert titles(meeting) == [(1, "Welcome"), (2, "Updates")]
    assert sub.full_label == "1(i)"
    assert AuditEntry.objects.filter(action="agenda_item.created").count() == 3
    with pytest.raises(ValidationError):
        services.agenda_item_create(
            meeting=meeting, parent=sub, data=AgendaItemInput(title="Too deep"), actor=clerk
        )


def test_a_restricted_item_needs_its_exempt_paragraph(board, clerk):
    meeting = MeetingFactory(board=board)
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_create(
            meeting=meeting, data=AgendaItemInput(title="Case review", is_restricted=True),
            actor=clerk,
        )
    assert "exempt_paragraph" in exc.value.message_dict
    assert not meeting.agenda_items.exists()
    item = services.agenda_item_create(
        meeting=meeting,
        data=AgendaItemInput(title="Case review", is_restricted=True, exempt_paragraph=7),
        actor=clerk,
    )
    assert item.exempt_paragraph == 7
    item = services.agenda_item_update(
        agenda_item=item, data=AgendaItemInput(title="Case review", exempt_paragraph=7),
        actor=clerk,
    )
    assert (item.is_restricted, item.exempt_paragraph) == (False, None)
    entry = AuditEntry.objects.get(action="agenda_item.updated")
    assert entry.detail["changed"]["is_restricted"] == [True, False]


def test_move_swaps_neighbours_and_renumbers_without_gaps(board, clerk):
    meeting = MeetingFactory(board=board)
    a = AgendaItemFactory(meeting=meeting, position=1, title="A")
    AgendaItemFactory(meeting=meeting, position=3, title="B")
    c = AgendaItemFactory(meeting=meeting, position=7, title="C")

    moved = services.agenda_item_move(agenda_item=c, direction="up", actor=clerk)

    assert moved.position == 2
    assert titles(meeting) == [(1, "A"), (2, "C"), (3, "B")]
    assert AuditEntry.objects.filter(action="agenda_item.moved").count() == 1
    services.agenda_item_move(agenda_item=a, direction="up", actor=clerk)  # already first
    assert titles(meeting) == [(1, "A"), (2, "C"), (3, "B")]
    assert AuditEntry.objects.filter(action="agenda_item.moved").count() == 1
    with pytest.raises(ValueError):
        services.agenda_item_move(agenda_item=a, direction="sideways", actor=clerk)


def test_sub_items_move_among_their_parents_sub_items_only(board, clerk):
    meeting = MeetingFactory(board=board)
    parent = AgendaItemFactory(meeting=meeting, position=1, title="Updates")
    AgendaItemFactory(meeting=meeting, position=2, title="AOB")
    vawg = AgendaItemFactory(meeting=meeting, parent=parent, position=1, title="VAWG")
    hate = AgendaItemFactory(meeting=meeting, parent=parent, position=2, title="Hate crime")

    services.agenda_item_move(agenda_item=vawg, direction="down", actor=clerk)

    assert titles(meeting, parent) == [(1, "Hate crime"), (2, "VAWG")]
    assert titles(meeting) == [(1, "Updates"), (2, "AOB")]
    hate.refresh_from_db()
    assert hate.full_label == "1(i)"


def test_delete_renumbers_and_refuses_an_item_with_papers(board, clerk):
    meeting = MeetingFactory(board=board)
    a = AgendaItemFactory(meeting=meeting, position=1, title="A")
    b = AgendaItemFactory(meeting=meeting, position=2, title="B")
    AgendaItemFactory(meeting=meeting, position=3, title="C")
    PaperFactory(agenda_item=b)

    with pytest.raises(ValidationError, match="papers"):
        services.agenda_item_delete(agenda_item=b, actor=clerk)
    services.agenda_item_delete(agenda_item=a, actor=clerk)

    assert titles(meeting) == [(1, "B"), (2, "C")]
    assert AuditEntry.objects.filter(action="agenda_item.deleted").count() == 1


def test_a_minuted_sub_item_blocks_deleting_its_parent(board, clerk):
    meeting = MeetingFactory(board=board)
    parent = AgendaItemFactory(meeting=meeting, position=1)
    MinuteFactory(agenda_item=AgendaItemFactory(meeting=meeting, parent=parent, position=1))
    assert services.agenda_item_delete_blockers(agenda_item=parent) == ["it has a minute"]


def test_nothing_changes_once_the_minutes_are_confirmed(board, clerk):
    meeting = MeetingFactory(board=board, status=Meeting.Status.MINUTES_CONFIRMED)
    item = AgendaItemFactory(meeting=meeting, position=1)
    AgendaItemFactory(meeting=meeting, position=2)
    with pytest.raises(AgendaLocked):
        services.agenda_item_create(meeting=meeting, data=AgendaItemInput(title="X"),
                                    actor=clerk)
    with pytest.raises(AgendaLocked):
        services.agenda_item_move(agenda_item=item, direction="down", actor=clerk)
    with pytest.raises(AgendaLocked):
        services.agenda_item_delete(agenda_item=item, actor=clerk)
