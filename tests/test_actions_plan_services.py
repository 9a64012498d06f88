"""Actions from the plan: added without a meeting, changed, and upserted by reference."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action
from actions.plan.services import (
    PlanActionFields,
    action_find_by_reference,
    action_plan_add,
    action_plan_change,
    action_plan_upsert,
)
from actions.plan.targets import Target
from actions.selectors import action_log_carried_forward
from csp_portal.models import AuditEntry
from tests.factories import (
    ActionFactory,
    BoardFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    PriorityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _fields(**changes) -> PlanActionFields:
    values = dict(
        description="Deliver a robust Drug Intervention Programme",
        target=Target(date=dt.date(2017, 10, 31), is_month=True), rag_status="A",
        reference="1.1a", focus_area="Substance misuse",
        outcomes="A reduction in substance misuse related offending",
        resources="MOPAC London Crime Prevention Fund", lead_body="Substance Misuse Team",
    )
    values.update(changes)
    return PlanActionFields(**values)


def test_a_plan_action_needs_no_meeting_and_keeps_the_plans_fields():
    board = BoardFactory()
    ActionFactory(raised_at=MeetingFactory(board=board), number=1)
    police = OrganisationFactory(name="Metropolitan Police")
    objective = PriorityFactory(code="1.1", title="Substance Misuse")
    clerk = UserFactory()
    action = action_plan_add(
        board=board, actor=clerk,
        fields=_fields(lead_organisations=(police,), priorities=(objective,),
                       review_date=dt.date(2017, 7, 1)),
    )
    assert action.raised_at is None and action.is_plan_action
    assert (action.number, action.reference, action.log_reference) == (2, "1.1a", "1.1a")
    assert action.target_display == "October 2017" and action.target_date == dt.date(2017, 10, 31)
    assert list(action.lead_organisations.all()) == [police]
    assert list(action.priorities.all()) == [objective]
    assert action.review_date == dt.date(2017, 7, 1)
    first = action.updates.get()
    assert (first.rag_after, first.status_after, first.author) == ("A", "open", clerk)
    entry = AuditEntry.objects.get(object_id=str(action.pk))
    assert entry.action == "action_plan_add" and entry.actor == clerk


def test_a_whole_number_reference_becomes_the_actions_number_when_free():
    board = BoardFactory()
    five = action_plan_add(board=board, actor=None, fields=_fields(reference="5"))
    assert (five.number, five.reference, five.log_reference) == (5, "", "5")
    assert action_find_by_reference(board=board, reference="5") == five
    again = action_plan_add(board=board, actor=None, fields=_fields(reference="ASB-2"))
    assert again.number == 6


def test_ongoing_and_tbc_targets_and_the_rules():
    board = BoardFactory()
    ongoing = action_plan_add(board=board, actor=None,
                              fields=_fields(reference="", target=Target(ongoing=True)))
    assert ongoing.target_display == "Ongoing" and ongoing.target_date is None
    with pytest.raises(ValidationError) as caught:
        action_plan_add(board=board, actor=None, fields=_fields(
            description=" ", lead_body="", target=Target(), rag_status="P"))
    assert caught.value.messages == [
        "Enter a description of the action",
        "Give at least one lead: a person, an organisation or a body",
        'Give one target: a date, a month, "TBC" or "Ongoing"',
        "Select a RAG status",
    ]
    with pytest.raises(ValidationError, match="already has an action 1.1a"):
        action_plan_add(board=board, actor=None, fields=_fields())
        action_plan_add(board=board, actor=None, fields=_fields())


def test_changing_records_what_changed_and_nothing_when_nothing_did():
    board = BoardFactory()
    lead = PersonFactory(name="Angie Fuller")
    action = action_plan_add(board=board, actor=None, fields=_fields(lead_people=(lead,)))
    assert not action_plan_change(action=action, actor=None, fields=_fields(lead_people=(lead,)))
    assert action.updates.count() == 1
    assert AuditEntry.objects.filter(action="action_plan_change").count() == 0

    changed = action_plan_change(action=action, actor=None, fields=_fields(
        rag_status="G", status="closed", lead_people=(), outcomes="Fewer offences"))
    assert changed
    action.refresh_from_db()
    assert (action.rag_status, action.status, action.closed_on) == (
        "G", "closed", dt.date.today())
    assert not action.lead_people.exists()
    latest = action.updates.last()
    assert (latest.rag_before, latest.rag_after) == ("A", "G")
    assert (latest.status_before, latest.status_after) == ("open", "closed")
    entry = AuditEntry.objects.get(action="action_plan_change")
    assert entry.detail["changed"] == ["outcomes", "rag_status", "status", "lead_people"]


def test_upsert_by_reference_is_idempotent():
    board = BoardFactory()
    action, outcome = action_plan_upsert(board=board, actor=None, fields=_fields())
    assert outcome == "created"
    assert action_plan_upsert(board=board, actor=None, fields=_fields()) == (action, "unchanged")
    assert action_plan_upsert(board=board, actor=None, fields=_fields(rag_status="R"))[1] == (
        "updated")
    assert Action.objects.filter(board=board).count() == 1


def test_the_carried_forward_log_has_plan_actions_put_on_the_log_before_the_meeting():
    board = BoardFactory()
    plan_action = action_plan_add(board=board, actor=None, fields=_fields())
    later = MeetingFactory(board=board, start=plan_action.created_at + dt.timedelta(days=30))
    earlier = MeetingFactory(board=board, start=plan_action.created_at - dt.timedelta(days=30))
    assert list(action_log_carried_forward(meeting=later)) == [plan_action]
    assert list(action_log_carried_forward(meeting=earlier)) == []
