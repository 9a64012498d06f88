"""Writes of partnership plans: plans, versions, priorities and objectives, audited."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from csp_portal.models import AuditEntry
from plans.models import Plan
from plans.services import (
    plan_change,
    plan_create,
    plan_upsert,
    plan_version_add,
    priority_change,
    priority_upsert,
)
from tests.factories import BoardFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db

VALUES = {"title": "Community Safety Plan 2017-20", "period_start": dt.date(2017, 4, 1),
          "period_end": dt.date(2020, 3, 31), "status": "draft"}


def test_a_plan_is_created_changed_and_upserted_with_every_change_audited():
    board = BoardFactory()
    plan = plan_create(board=board, values=VALUES, actor=None)
    assert plan.period_label == "2017/18 to 2019/20" and not plan.is_public
    assert plan_upsert(board=board, values=VALUES, actor=None) == (plan, "unchanged")
    assert plan_change(plan=plan, actor=None, values={
        "status": "approved", "approved_by": board, "approved_on": dt.date(2017, 3, 22)})
    plan.refresh_from_db()
    assert plan.is_public and plan.approved_by == board
    entries = AuditEntry.objects.filter(object_type="plans.plan").order_by("pk")
    assert [e.action for e in entries] == ["plan_create", "plan_change"]
    assert entries[1].detail["status"] == ["draft", "approved"]
    assert entries[1].detail["approved_by"] == [None, board.pk]


def test_a_plan_needs_a_unique_title_and_a_period_that_ends_after_it_starts():
    board = BoardFactory()
    plan_create(board=board, values=VALUES, actor=None)
    with pytest.raises(ValidationError) as caught:
        plan_create(board=board, actor=None, values={
            **VALUES, "period_end": dt.date(2016, 3, 31), "status": "pending"})
    assert caught.value.message_dict == {
        "title": [f"{board.name} already has a plan called Community Safety Plan 2017-20"],
        "period_end": ["The plan must end after it starts"],
        "status": ["Choose draft, approved or archived"],
    }
    assert Plan.objects.count() == 1


def test_period_labels():
    plan = Plan(period_start=dt.date(2018, 4, 1), period_end=dt.date(2019, 3, 31))
    assert plan.period_label == "2018/19"
    plan.period_start, plan.period_end = dt.date(2018, 1, 1), dt.date(2020, 12, 31)
    assert plan.period_label == "1 January 2018 to 31 December 2020"


def test_versions_are_kept_once_each():
    plan = PlanFactory()
    plan_version_add(plan=plan, version="1.0", change="Agreed by the board",
                     date=dt.date(2017, 3, 22), dissemination="CSP members", actor=None)
    with pytest.raises(ValidationError) as caught:
        plan_version_add(plan=plan, version="1.0", change=" ", date=None, dissemination="",
                         actor=None)
    assert set(caught.value.message_dict) == {"version", "change"}
    assert plan.versions.count() == 1


def test_priorities_and_objectives_one_level_deep():
    plan = PlanFactory()
    theme, outcome = priority_upsert(plan=plan, actor=None, values={
        "code": "1", "title": "Integrated Offender Management", "position": 1})
    assert outcome == "created"
    objective, _ = priority_upsert(plan=plan, actor=None, values={
        "code": "1.1", "title": "Substance Misuse", "parent": theme})
    assert objective.is_objective and list(theme.objectives.all()) == [objective]
    assert priority_upsert(plan=plan, actor=None, values={
        "code": "1.1", "title": "Substance Misuse", "parent": theme}) == (objective, "unchanged")
    with pytest.raises(ValidationError, match="1.1 is an objective"):
        priority_upsert(plan=plan, actor=None, values={
            "code": "1.1.1", "title": "Too deep", "parent": objective})
    with pytest.raises(ValidationError, match="1 has objectives"):
        priority_change(priority=theme, actor=None,
                        values={"parent": PriorityFactory(plan=plan, code="2")})
    other = PriorityFactory(code="9")
    with pytest.raises(ValidationError, match="same plan"):
        priority_upsert(plan=plan, actor=None, values={"code": "3", "title": "X", "parent": other})
    assert priority_change(priority=objective, actor=None, values={"title": "Drugs"})
    actions = list(AuditEntry.objects.filter(object_type="plans.priority").order_by("pk")
                   .values_list("action", flat=True))
    assert actions == ["priority_create", "priority_create", "priority_change"]
