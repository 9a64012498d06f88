"""Plan actions in the browser: add one without a meeting, change its details, see a board's
log with its subgroups' actions, and let a board's chair manage its subgroups' actions."""
import datetime as dt

import pytest
from django.urls import reverse

from actions.models import Action
from csp_portal.models import AuditEntry
from tests.factories import (
    ActionFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    SubgroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    board = BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    subgroup = SubgroupFactory(slug="vawg", name="Violence against Women and Girls", parent=board)
    task_group = SubgroupFactory(slug="marac", name="MARAC Steering Group", parent=subgroup)
    return board, subgroup, task_group


def _signed_in(client, board, role):
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user, name=f"The {role}"),
                      role=role)
    client.force_login(user)
    return client


def test_the_chair_adds_an_action_from_the_plan(client, tree):
    board = tree[0]
    chair = _signed_in(client, board, "chair")
    plan = PlanFactory(board=board)
    objective = PriorityFactory(plan=plan, code="2.5", title="Domestic and Sexual Violence",
                                parent=PriorityFactory(plan=plan, code="2"))
    police = OrganisationFactory(name="Metropolitan Police")
    page = chair.get(reverse("actions:action_plan_add", args=[board.slug]))
    assert page.status_code == 200
    assert "2.5 Domestic and Sexual Violence" in page.content.decode()

    response = chair.post(reverse("actions:action_plan_add", args=[board.slug]), {
        "reference": "2.5a", "description": "Ensure schools can refer possible victims",
        "priorities": [objective.pk], "lead_organisations": [police.pk],
        "target": "Ongoing", "rag_status": "G", "status": "open",
        "review_date_0": "1", "review_date_1": "10", "review_date_2": "2017",
    })
    action = Action.objects.get(board=board)
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:action_detail", args=[board.slug, 1])
    assert action.raised_at is None and action.target_ongoing
    assert action.review_date == dt.date(2017, 10, 1)
    detail = chair.get(response["Location"]).content.decode()
    for shown in ("From the plan", "2.5 Domestic and Sexual Violence", "Metropolitan Police",
                  "Ongoing", "1 October 2017"):
        assert shown in detail


def test_a_bad_target_is_shown_again_with_what_was_typed(client, tree):
    board = tree[0]
    chair = _signed_in(client, board, "chair")
    response = chair.post(reverse("actions:action_plan_add", args=[board.slug]), {
        "description": "Review the ASB strategy", "lead_body": "ASB team",
        "target": "next spring", "rag_status": "A", "status": "open",
    })
    html = response.content.decode()
    assert response.status_code == 200 and not Action.objects.exists()
    assert "next spring" in html and "is not a date, a month" in html


def test_changing_an_actions_details_is_kept_and_audited(client, tree):
    board = tree[0]
    chair = _signed_in(client, board, "chair")
    action = ActionFactory(board=board, raised_at=MeetingFactory(board=board), number=4,
                           lead_body="CSP", rag_status="R")
    url = reverse("actions:action_plan_edit", args=[board.slug, 4])
    form = chair.get(url)
    assert form.status_code == 200 and 'value="2018-03-13"' in form.content.decode()
    response = chair.post(url, {
        "reference": "4", "description": action.description, "focus_area": "Strategic assessment",
        "lead_body": "CSP", "target": "June 2018", "rag_status": "A", "status": "open",
    })
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.focus_area, action.target_display, action.rag_status) == (
        "Strategic assessment", "June 2018", "A")
    assert action.raised_at is not None  # still the meeting's action
    assert AuditEntry.objects.filter(action="action_plan_change").exists()


def test_officers_may_not_add_or_change_plan_actions(client, tree):
    board = tree[0]
    officer = _signed_in(client, board, "officer")
    ActionFactory(board=board, raised_at=MeetingFactory(board=board), number=1)
    assert officer.get(reverse("actions:action_plan_add", args=[board.slug])).status_code == 403
    edit = reverse("actions:action_plan_edit", args=[board.slug, 1])
    assert officer.get(edit).status_code == 403


def test_the_log_can_include_the_subgroups_actions_with_their_board(client, tree):
    board, subgroup, task_group = tree
    member = _signed_in(client, board, "member")
    ActionFactory(board=board, raised_at=MeetingFactory(board=board), number=1,
                  description="Partnership action")
    ActionFactory(board=subgroup, raised_at=None, number=1, description="VAWG plan action",
                  target_date=None, target_ongoing=True)
    ActionFactory(board=task_group, raised_at=MeetingFactory(board=task_group), number=7,
                  description="MARAC action")
    ActionFactory(board=BoardFactory(), raised_at=None, number=1, description="Elsewhere")
    url = reverse("actions:action_log", args=[board.slug])

    own = member.get(url)
    assert [r.record.description for r in own.context["table"].paginated_rows] == [
        "Partnership action"]
    assert "board" not in [column.name for column in own.context["table"].columns]

    everything = member.get(url + "?subgroups=include")
    rows = [r.record for r in everything.context["table"].paginated_rows]
    assert {a.description for a in rows} == {"Partnership action", "VAWG plan action",
                                             "MARAC action"}
    html = everything.content.decode()
    assert "MARAC Steering Group" in html and "From the plan" in html
    assert reverse("actions:action_detail", args=["marac", 7]) in html
    export = member.get(url + "?subgroups=include&_export=csv")
    body = b"".join(export.streaming_content) if export.streaming else export.content
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Board,")
    assert "Violence against Women and Girls" in text and "Ongoing" in text


def test_a_boards_chair_manages_the_actions_of_its_subgroups_at_any_depth(client, tree):
    board, subgroup, task_group = tree
    chair = _signed_in(client, board, "chair")
    action = ActionFactory(board=task_group, raised_at=MeetingFactory(board=task_group),
                           number=3, rag_status="R")
    manage = reverse("actions:action_manage", args=[task_group.slug, 3])
    assert chair.get(manage).status_code == 200
    response = chair.post(manage, {"operation": "rag", "rag-rag_status": "G"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.rag_status == "G"
    # A subgroup's chair does not manage the partnership board's actions.
    subgroup_chair = _signed_in(client, subgroup, "chair")
    ActionFactory(board=board, raised_at=MeetingFactory(board=board), number=1)
    other = reverse("actions:action_manage", args=[board.slug, 1])
    assert subgroup_chair.get(other).status_code == 403
