"""The chair's and clerk's changes to an action: RAG, close, merge, reset dates."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from csp_portal.models import AuditEntry
from tests.factories import ActionFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action():
    return ActionFactory(number=13, target_date=dt.date(2018, 3, 13), rag_status="R")


@pytest.fixture
def chair_client(client, action):
    user = UserFactory()
    MembershipFactory(board=action.board, person=PersonFactory(user=user), role="chair")
    client.force_login(user)
    return client


def url(action) -> str:
    return reverse("actions:action_manage", args=[action.board.slug, action.number])


def _changes(action):
    return list(action.updates.all()), list(
        AuditEntry.objects.filter(object_id=str(action.pk)).values_list("action", flat=True)
    )


def test_the_page_has_one_form_per_change(chair_client, action):
    html = chair_client.get(url(action)).content.decode()
    for button in ("Change RAG status", "Reset target date", "Close action", "Merge action"):
        assert button in html
    for operation in ("rag", "dates", "close", "merge"):
        assert f'value="{operation}"' in html


def test_change_rag(chair_client, action):
    response = chair_client.post(url(action), {"operation": "rag", "rag-rag_status": "A"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.rag_status == "A"
    updates, audits = _changes(action)
    assert (updates[0].rag_before, updates[0].rag_after) == ("R", "A")
    assert audits == ["action_rag_change"]


def test_reset_dates(chair_client, action):
    chair_client.post(url(action), {
        "operation": "dates", "dates-target_date_0": "", "dates-target_date_1": "",
        "dates-target_date_2": "", "dates-target_date_tbc": "on", "dates-reason": "Reset dates",
    })
    action.refresh_from_db()
    assert action.target_display == "Date TBC"
    updates, audits = _changes(action)
    assert updates[0].reason == "Reset dates" and audits == ["action_dates_reset"]


def test_close(chair_client, action):
    today = timezone.localdate()
    chair_client.post(url(action), {
        "operation": "close", "close-closed_on_0": today.day, "close-closed_on_1": today.month,
        "close-closed_on_2": today.year, "close-note": "Complete",
    })
    action.refresh_from_db()
    assert (action.status, action.closed_on) == (Action.Status.CLOSED, today)
    assert _changes(action)[1] == ["action_close"]


def test_merge(chair_client, action):
    survivor = ActionFactory(raised_at=action.raised_at, number=3)
    ActionFactory(number=3)  # another board's action is not offered
    response = chair_client.get(url(action))
    assert list(response.context["forms"]["merge"].fields["into"].queryset) == [survivor]
    chair_client.post(url(action), {"operation": "merge", "merge-into": survivor.pk})
    action.refresh_from_db()
    assert action.merged_into == survivor and not action.is_open
    assert _changes(action)[1] == ["action_merge"]


def test_an_invalid_form_is_shown_again_with_its_errors(chair_client, action):
    response = chair_client.post(url(action), {
        "operation": "close", "close-closed_on_0": "1", "close-closed_on_1": "1",
        "close-closed_on_2": "2018", "close-note": "",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "There is a problem" in html
    assert "Enter a note saying why the action is closed" in html
    assert action.updates.count() == 0


def test_a_service_rule_is_shown_on_the_form(chair_client, action):
    response = chair_client.post(url(action), {"operation": "rag", "rag-rag_status": "R"})
    assert "Action 13 is already Red" in response.content.decode()


def test_an_officer_may_not_manage(client, action):
    user = UserFactory()
    MembershipFactory(board=action.board, person=PersonFactory(user=user), role="officer")
    action.lead_people.add(user.person)
    client.force_login(user)
    assert client.post(url(action), {"operation": "rag", "rag-rag_status": "G"}).status_code == 403
    action.refresh_from_db()
    assert action.rag_status == "R"
