"""Writes to the action log: raising, updates, and the chair's and clerk's changes."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action, ActionUpdate
from actions.services import (
    action_close,
    action_dates_reset,
    action_merge,
    action_rag_change,
    action_raise,
    action_update_post,
)
from csp_portal.models import AuditEntry
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    user = UserFactory(username="clerk")
    PersonFactory(user=user, name="Clare Clerk")
    return user


def _raise(meeting, actor, **overrides):
    kwargs = {
        "board": meeting.board, "meeting": meeting, "agenda_item": None,
        "description": "Report knife crime figures", "lead_people": [PersonFactory()],
        "lead_body": "", "target_date": dt.date(2018, 6, 1), "target_date_tbc": False,
        "rag_status": "A", "actor": actor,
    }
    kwargs.update(overrides)
    return action_raise(**kwargs)


def _audits(action, verb):
    return AuditEntry.objects.filter(
        object_type="actions.action", object_id=str(action.pk), action=verb
    )


def test_raise_numbers_next_in_the_boards_log_and_records_history(actor):
    meeting = MeetingFactory()
    ActionFactory(raised_at=meeting, number=12)
    ActionFactory(raised_at=MeetingFactory(), number=40)  # another board's log
    item = AgendaItemFactory(meeting=meeting)
    lead = PersonFactory(name="Kate Sandercock")

    action = _raise(meeting, actor, agenda_item=item, lead_people=[lead])

    assert action.number == 13
    assert action.raised_under == item
    assert list(action.lead_people.all()) == [lead]
    update = action.updates.get()
    assert update.author == actor and update.author_person.name == "Clare Clerk"
    assert (update.rag_after, update.target_date_after) == ("A", dt.date(2018, 6, 1))
    assert _audits(action, "action_raise").get().actor == actor


def test_first_action_of_a_board_is_number_one(actor):
    assert _raise(MeetingFactory(), actor).number == 1


def test_a_lead_body_alone_will_do_and_date_tbc_stands_for_a_date(actor):
    action = _raise(
        MeetingFactory(), actor, lead_people=[], lead_body="All partners",
        target_date=None, target_date_tbc=True,
    )
    assert action.target_display == "Date TBC"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"lead_people": [], "lead_body": " "}, "Select at least one lead"),
    ({"target_date": None}, "Enter a target date, or select Date TBC"),
    ({"target_date_tbc": True}, "not both"),
    ({"description": "  "}, "Enter a description"),
    ({"rag_status": "X"}, "Select a RAG status"),
])
def test_raise_refuses_an_incomplete_action(actor, overrides, message):
    with pytest.raises(ValidationError, match=message):
        _raise(MeetingFactory(), actor, **overrides)
    assert not Action.objects.exists()


def test_raise_refuses_an_agenda_item_of_another_meeting(actor):
    with pytest.raises(ValidationError, match="agenda item"):
        _raise(MeetingFactory(), actor, agenda_item=AgendaItemFactory())


def test_update_keeps_rag_and_date_before_and_after_with_the_reason(actor):
    action = ActionFactory(target_date=dt.date(2018, 3, 13), rag_status="A")

    update = action_update_post(
        action=action, actor=actor, text="Data received from the police",
        rag_status="R", target_date=dt.date(2018, 6, 30), reason="Police data delayed",
    )

    action.refresh_from_db()
    assert (action.rag_status, action.target_date) == ("R", dt.date(2018, 6, 30))
    assert action.comments == "Data received from the police"
    assert (update.rag_before, update.rag_after) == ("A", "R")
    assert (update.target_date_before, update.target_date_after) == (
        dt.date(2018, 3, 13), dt.date(2018, 6, 30)
    )
    assert update.reason == "Police data delayed"
    assert _audits(action, "action_update_post").count() == 1


def test_update_without_a_new_date_needs_no_reason(actor):
    action = ActionFactory(rag_status="A")
    update = action_update_post(action=action, actor=actor, text="On track", rag_status="A")
    assert (update.rag_after, update.target_date_after, update.reason) == ("", None, "")


def test_a_new_date_needs_a_reason_and_nothing_is_saved_without_one(actor):
    action = ActionFactory(target_date=dt.date(2018, 3, 13))
    with pytest.raises(ValidationError, match="reason"):
        action_update_post(
            action=action, actor=actor, text="Later", rag_status="A",
            target_date=dt.date(2018, 9, 1),
        )
    action.refresh_from_db()
    assert action.target_date == dt.date(2018, 3, 13)
    assert not ActionUpdate.objects.exists()


def test_a_closed_action_takes_no_update(actor):
    action = ActionFactory(status=Action.Status.CLOSED)
    with pytest.raises(ValidationError, match="closed"):
        action_update_post(action=action, actor=actor, text="x", rag_status="G")


def test_rag_change_is_recorded(actor):
    action = ActionFactory(rag_status="R")
    action_rag_change(action=action, actor=actor, rag_status="A", note="Agreed at the meeting")
    update = action.updates.get()
    assert (update.rag_before, update.rag_after, update.text) == ("R", "A", "Agreed at the meeting")
    entry = _audits(action, "action_rag_change").get()
    assert "from Red to Amber" in entry.summary
    with pytest.raises(ValidationError, match="already Amber"):
        action_rag_change(action=action, actor=actor, rag_status="A")


def test_close_needs_a_note_and_records_the_date(actor):
    action = ActionFactory()
    with pytest.raises(ValidationError, match="note"):
        action_close(action=action, actor=actor, note=" ")
    action_close(action=action, actor=actor, note="Complete", closed_on=dt.date(2018, 3, 28))
    action.refresh_from_db()
    assert (action.status, action.closed_on) == ("closed", dt.date(2018, 3, 28))
    update = action.updates.get()
    assert (update.status_before, update.status_after) == ("open", "closed")
    assert update.text == "Complete"
    assert _audits(action, "action_close").count() == 1
    with pytest.raises(ValidationError, match="already closed"):
        action_close(action=action, actor=actor, note="Again")


def test_merge_closes_the_duplicate_and_both_histories_say_so(actor):
    survivor = ActionFactory(number=3)
    duplicate = ActionFactory(raised_at=survivor.raised_at, number=4)

    action_merge(duplicate=duplicate, into=survivor, actor=actor, note="Duplicated")

    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert duplicate.status == Action.Status.CLOSED
    assert list(survivor.merged_from.all()) == [duplicate]
    assert duplicate.updates.get().text == "Merged into action 3 as a duplicate. Duplicated"
    assert survivor.updates.get().text == "Action 4 merged into this action. Duplicated"
    assert _audits(duplicate, "action_merge").count() == 1


@pytest.mark.parametrize("case", ["other board", "itself", "into a merged action"])
def test_merge_refuses_what_cannot_be_merged(actor, case):
    duplicate = ActionFactory(number=1)
    if case == "other board":
        into = ActionFactory()
    elif case == "itself":
        into = duplicate
    else:
        into = ActionFactory(
            raised_at=duplicate.raised_at, number=2,
            merged_into=ActionFactory(raised_at=duplicate.raised_at, number=3),
        )
    with pytest.raises(ValidationError):
        action_merge(duplicate=duplicate, into=into, actor=actor)
    duplicate.refresh_from_db()
    assert duplicate.is_open and duplicate.merged_into is None


def test_reset_dates_to_tbc_and_back_keeps_each_reason(actor):
    action = ActionFactory(target_date=dt.date(2018, 3, 13))
    action_dates_reset(
        action=action, actor=actor, target_date=None, target_date_tbc=True,
        reason="Awaiting the new strategy",
    )
    assert action.target_display == "Date TBC"
    action_dates_reset(
        action=action, actor=actor, target_date=dt.date(2018, 9, 30), target_date_tbc=False,
        reason="Strategy agreed",
    )
    first, second = action.updates.all()
    assert (first.target_date_before, first.target_date_after, first.reason) == (
        dt.date(2018, 3, 13), None, "Awaiting the new strategy"
    )
    assert (second.target_date_before, second.target_date_after) == (None, dt.date(2018, 9, 30))
    assert _audits(action, "action_dates_reset").count() == 2
    with pytest.raises(ValidationError, match="reason"):
        action_dates_reset(
            action=action, actor=actor, target_date=dt.date(2019, 1, 1),
            target_date_tbc=False, reason="",
        )
