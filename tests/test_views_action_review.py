"""The chair's review on the action log page: RAG change or close for a selection, with a
note; "Overdue" beside the RAG; leads asking the chair to close an action."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionUpdate
from actions.review.services import CLOSED_FROM_THE_LOG, actions_close, actions_rag_change
from csp_portal.models import AuditEntry
from tests.factories import ActionFactory, BoardFactory, MeetingFactory, PersonFactory
from tests.fixtures.boards import board_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return BoardFactory(slug="bd-csp")


@pytest.fixture
def meeting(board):
    return MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=60))


@pytest.fixture
def chair(board):
    return board_user(board, "chair", username="chair")


@pytest.fixture
def actions(meeting):
    past = timezone.localdate() - dt.timedelta(days=5)
    return [
        ActionFactory(board=meeting.board, raised_at=meeting, number=n, rag_status="A",
                      target_date=past if n == 1 else timezone.localdate() + dt.timedelta(30),
                      comments="A long comment " * 40 if n == 2 else "")
        for n in (1, 2, 3)
    ]


def log_url(board) -> str:
    return reverse("actions:action_log", args=[board.slug])


def test_overdue_shows_beside_the_rag_and_the_chair_can_select_open_actions(
    client, chair, board, actions
):
    client.force_login(chair)
    html = client.get(log_url(board)).content.decode()
    assert html.count("govuk-tag--red\">Overdue<") == 1
    assert f'id="select-{actions[0].pk}"' in html and 'form="review-form"' in html
    assert "Select action 1" in html
    assert 'data-label="Comments / update"' in html
    assert "Change the selected actions" in html


def test_a_member_sees_no_selection_and_may_not_post(client, board, actions):
    officer = board_user(board, "officer", username="officer")
    client.force_login(officer)
    html = client.get(log_url(board)).content.decode()
    assert "review-form" not in html and "select-" not in html
    response = client.post(log_url(board), {"selected": [actions[0].pk], "change": "close"})
    assert response.status_code == 403
    assert Action.objects.filter(status="closed").count() == 0


def test_the_chair_closes_two_actions_at_once_one_update_and_audit_entry_each(
    client, chair, board, actions
):
    client.force_login(chair)
    response = client.post(log_url(board), {
        "selected": [actions[0].pk, actions[2].pk], "change": "close", "note": "",
    }, follow=True)
    assert "Actions closed: 1, 3" in response.content.decode()
    assert set(Action.objects.filter(status="closed").values_list("number", flat=True)) == {1, 3}
    for action in (actions[0], actions[2]):
        updates = ActionUpdate.objects.filter(action=action, status_after="closed")
        assert [u.text for u in updates] == [CLOSED_FROM_THE_LOG]
    assert AuditEntry.objects.filter(action="action_close").count() == 2


def test_the_chair_changes_the_rag_of_a_selection_with_a_note(client, chair, board, actions):
    client.force_login(chair)
    response = client.post(log_url(board), {
        "selected": [actions[0].pk, actions[1].pk], "change": "rag", "rag_status": "R",
        "note": "Rated red at the March meeting",
    })
    assert response.status_code == 302
    assert list(Action.objects.order_by("number").values_list("rag_status", flat=True)) == [
        "R", "R", "A"]
    notes = ActionUpdate.objects.filter(rag_after="R").values_list("text", flat=True)
    assert list(notes) == ["Rated red at the March meeting"] * 2
    assert AuditEntry.objects.filter(action="action_rag_change").count() == 2


def test_a_bad_change_saves_nothing_and_keeps_the_selection_and_note(
    client, chair, board, actions
):
    client.force_login(chair)
    response = client.post(log_url(board), {
        "selected": [actions[0].pk], "change": "rag", "note": "Typed note",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose the new RAG status" in html
    assert "Typed note" in html
    assert f'value="{actions[0].pk}" form="review-form" checked' in html
    assert not ActionUpdate.objects.exists()
    response = client.post(log_url(board), {"change": "close"})
    assert "Select at least one action" in response.content.decode()


def test_an_action_of_another_board_cannot_be_selected(client, chair, board, actions):
    stranger = ActionFactory(number=1)
    client.force_login(chair)
    response = client.post(log_url(board), {"selected": [stranger.pk], "change": "close"})
    assert response.status_code == 200
    stranger.refresh_from_db()
    assert stranger.is_open


def test_a_lead_asks_the_chair_to_close_and_the_chair_sees_it_first(
    client, chair, board, actions
):
    lead_user = board_user(board, "officer", username="lead")
    actions[2].lead_people.add(lead_user.person)
    client.force_login(lead_user)
    detail = reverse("actions:action_detail", args=[board.slug, 3])
    assert "Mark complete – ask the chair to close" in client.get(detail).content.decode()
    complete = reverse("actions:action_completion_request", args=[board.slug, 3])
    response = client.post(complete, {"note": "Protocol published"})
    assert response.status_code == 302
    actions[2].refresh_from_db()
    assert actions[2].completion_requested_at is not None
    assert ActionUpdate.objects.get(action=actions[2]).text.endswith("Protocol published")
    assert AuditEntry.objects.filter(action="action_completion_request").count() == 1
    assert client.post(complete, {}).status_code == 302  # a second ask changes nothing
    assert ActionUpdate.objects.filter(action=actions[2]).count() == 1

    client.force_login(chair)
    html = client.get(log_url(board)).content.decode()
    asked = html.index('id="asked-to-close"')
    assert asked < html.index('id="action-table"')
    assert "Leads ask to close 1 action" in html
    assert ">Asked to close<" in html


def test_someone_who_does_not_lead_the_action_cannot_ask_to_close_it(client, board, actions):
    officer = board_user(board, "officer", username="officer")
    client.force_login(officer)
    complete = reverse("actions:action_completion_request", args=[board.slug, 3])
    assert client.post(complete).status_code == 403
    assert client.get(complete).status_code == 403


def _queries(client, board, meeting, count: int) -> int:
    Action.objects.all().delete()
    lead = PersonFactory()
    for n in range(1, count + 1):
        action = ActionFactory(board=board, raised_at=meeting, number=n,
                               completion_requested_at=timezone.now() if n % 2 else None)
        action.lead_people.add(lead)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(log_url(board)).status_code == 200
    return len(ctx.captured_queries)


def test_the_chairs_log_makes_the_same_number_of_queries_for_3_or_30_actions(
    client, chair, board, meeting
):
    client.force_login(chair)
    assert _queries(client, board, meeting, 3) == _queries(client, board, meeting, 30)


def test_a_selection_with_a_closed_action_changes_nothing(chair, board, actions):
    Action.objects.filter(pk=actions[1].pk).update(status="closed")
    chosen = list(Action.objects.filter(pk__in=[actions[0].pk, actions[1].pk]).order_by("number"))
    with pytest.raises(ValidationError) as caught:
        actions_close(actions=chosen, actor=chair, note="")
    assert caught.value.messages == ["Action 2 is already closed"]
    with pytest.raises(ValidationError):
        actions_rag_change(actions=chosen, actor=chair, rag_status="G")
    assert Action.objects.get(pk=actions[0].pk).is_open
    assert Action.objects.get(pk=actions[0].pk).rag_status == "A"
    assert not ActionUpdate.objects.exists() and not AuditEntry.objects.exists()
