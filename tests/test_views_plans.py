"""The plan pages: public when approved, with each priority's actions' RAG counts and its
indicators' latest ratings; members drill down to the actions; the clerk changes plans."""
import datetime as dt

import pytest
from django.urls import reverse

from boards.demo.loader import load_demo
from plans.models import Plan
from tests.factories import (
    ActionFactory,
    BoardFactory,
    IndicatorFactory,
    IndicatorReturnFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    SubgroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _signed_in(client, board, role):
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user), role=role)
    client.force_login(user)
    return client


@pytest.fixture
def plan():
    board = BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    plan = PlanFactory(board=board, title="Community Safety Plan 2017-20")
    theme = PriorityFactory(plan=plan, code="1", title="Violence", position=1)
    knives = PriorityFactory(plan=plan, code="1.1", title="Knife crime", parent=theme)
    subgroup = SubgroupFactory(parent=board, slug="cyp", name="Children and Young People")
    for number, rag, status in ((1, "R", "open"), (2, "R", "open"), (3, "G", "closed")):
        action = ActionFactory(board=subgroup, raised_at=MeetingFactory(board=subgroup),
                               number=number, rag_status=rag, status=status,
                               description=f"Knife crime action {number}")
        action.priorities.add(knives)
    ActionFactory(board=board, raised_at=None, number=9, rag_status="A",
                  description="Violence action").priorities.add(theme)
    indicator = IndicatorFactory(board=board, owning_subgroup=subgroup, reference="7",
                                 name="Knife crime offences")
    indicator.priorities.add(knives)
    for year, value in ((2016, 100), (2017, 149)):
        IndicatorReturnFactory(indicator=indicator, period=dt.date(year, 4, 1), value=value)
    return plan


def test_an_approved_plan_is_public_with_counts_and_ratings_but_not_the_actions(client, plan):
    response = client.get(reverse("plans:plan_detail", args=["bd-csp", plan.pk]))
    assert response.status_code == 200
    theme = response.context["priorities"][0]
    assert theme.rag_counts == [("R", 2), ("A", 1), ("G", 0)] and theme.closed == 1
    knives = theme.objectives[0]
    assert knives.rag_counts == [("R", 2), ("A", 0), ("G", 0)] and knives.closed == 1
    [rated] = knives.indicators
    assert rated.rating.rag == "R" and rated.period == dt.date(2017, 4, 1)
    assert theme.actions == [] and knives.actions == []
    html = response.content.decode()
    assert "1.1 Knife crime" in html and "7 Knife crime offences" in html
    assert "Knife crime action 1" not in html


def test_members_drill_down_to_the_open_actions(client, plan):
    member = _signed_in(client, plan.board, "member")
    response = member.get(reverse("plans:plan_detail", args=["bd-csp", plan.pk]))
    knives = response.context["priorities"][0].objectives[0]
    assert [a.number for a in knives.actions] == [1, 2]
    assert reverse("actions:action_detail", args=["cyp", 1]) in response.content.decode()


def test_a_draft_plan_is_for_members_only(client, plan):
    plan.status = Plan.Status.DRAFT
    plan.save()
    url = reverse("plans:plan_detail", args=["bd-csp", plan.pk])
    assert client.get(url).status_code == 404
    for page in ("plans:plan_list", "boards:board_detail"):
        assert plan.title not in client.get(reverse(page, args=["bd-csp"])).content.decode()
    member = _signed_in(client, plan.board, "member")
    assert member.get(url).status_code == 200


def test_the_plan_page_costs_the_same_queries_however_big_the_plan(
    client, plan, django_assert_max_num_queries
):
    url = reverse("plans:plan_detail", args=["bd-csp", plan.pk])
    client.get(url)
    for code in range(2, 12):
        PriorityFactory(plan=plan, code=str(code))
    with django_assert_max_num_queries(12):
        client.get(url)


def test_the_clerk_adds_a_plan_a_priority_and_a_version(client):
    board = BoardFactory(slug="bd-csp")
    clerk = _signed_in(client, board, "clerk")
    response = clerk.post(reverse("plans:plan_add", args=["bd-csp"]), {
        "title": "Plan 2020-23", "period_start_0": "1", "period_start_1": "4",
        "period_start_2": "2020", "period_end_0": "31", "period_end_1": "3",
        "period_end_2": "2019", "status": "draft",
    })
    assert response.status_code == 200 and not Plan.objects.exists()
    assert "The plan must end after it starts" in response.content.decode()
    response = clerk.post(reverse("plans:plan_add", args=["bd-csp"]), {
        "title": "Plan 2020-23", "period_start_0": "1", "period_start_1": "4",
        "period_start_2": "2020", "period_end_0": "31", "period_end_1": "3",
        "period_end_2": "2023", "status": "draft",
    })
    plan = Plan.objects.get()
    assert response["Location"] == reverse("plans:plan_detail", args=["bd-csp", plan.pk])
    clerk.post(reverse("plans:priority_add", args=["bd-csp", plan.pk]),
               {"code": "1", "title": "Violence", "position": "1"})
    theme = plan.priorities.get()
    response = clerk.post(reverse("plans:priority_add", args=["bd-csp", plan.pk]),
                          {"code": "1", "title": "Again", "position": "2"})
    assert "already has a priority or objective 1" in response.content.decode()
    clerk.post(reverse("plans:priority_add", args=["bd-csp", plan.pk]),
               {"code": "1.1", "title": "Knives", "parent": theme.pk, "position": "1"})
    clerk.post(reverse("plans:plan_version_add", args=["bd-csp", plan.pk]),
               {"version": "0.1", "change": "First draft"})
    page = clerk.get(reverse("plans:plan_detail", args=["bd-csp", plan.pk])).content.decode()
    assert "1.1 Knives" in page and "First draft" in page


def test_the_demo_plan_is_public_with_its_three_priorities(client):
    load_demo()
    plan = Plan.objects.get(board__slug="bd-csp")
    board_page = client.get(reverse("boards:board_detail", args=["bd-csp"])).content.decode()
    assert "Community Safety Plan 2014 – 2017" in board_page
    response = client.get(reverse("plans:plan_detail", args=["bd-csp", plan.pk]))
    entries = response.context["priorities"]
    assert [e.priority.title for e in entries] == [
        "Integrated Offender Management", "Integrated Victim Management", "Improve Confidence"]
    # Action 7 (R) delivers 1.4; actions 8 and 9 (R) deliver 1.2.
    assert entries[0].rag_counts == [("R", 3), ("A", 0), ("G", 0)]
    sy_violence = next(o for o in entries[0].objectives if o.priority.code == "1.4")
    rated = {i.indicator.reference: i.rating.rag for i in sy_violence.indicators}
    assert rated == {"1a": "A", "1b": "A", "7": "R", "8": "R", "10": "A"}
