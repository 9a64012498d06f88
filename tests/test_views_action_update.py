"""A lead (or the chair or clerk) posts an update to an action."""
import datetime as dt

import pytest
from django.urls import reverse

from actions.models import Action, ActionUpdate
from tests.factories import ActionFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _user(board, role="officer"):
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user), role=role)
    return user


@pytest.fixture
def action():
    return ActionFactory(number=2, target_date=dt.date(2018, 3, 13), rag_status="A")


@pytest.fixture
def lead(action):
    user = _user(action.board)
    action.lead_people.add(user.person)
    return user


def url(action) -> str:
    return reverse("actions:action_update", args=[action.board.slug, action.number])


def _post(client, action, **overrides):
    data = {"text": "Arches ordered", "rag_status": "G", "target_date_0": "",
            "target_date_1": "", "target_date_2": "", "reason": ""}
    data.update(overrides)
    return client.post(url(action), data)


def test_the_form_starts_at_the_current_rag(client, action, lead):
    client.force_login(lead)
    html = client.get(url(action)).content.decode()
    for label in ("Update", "RAG status", "Revised target date", "Reason for the new date"):
        assert label in html
    assert client.get(url(action)).context["form"].initial == {"rag_status": "A"}


def test_lead_posts_an_update_with_a_revised_date(client, action, lead):
    client.force_login(lead)
    response = _post(client, action, target_date_0="30", target_date_1="6",
                     target_date_2="2018", reason="Supplier delay")
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.rag_status, action.target_date, action.comments) == (
        "G", dt.date(2018, 6, 30), "Arches ordered"
    )
    update = ActionUpdate.objects.get(action=action)
    assert update.author == lead and update.reason == "Supplier delay"
    assert "Update posted to action 2" in client.get(response["Location"]).content.decode()


def test_a_new_date_without_a_reason_is_refused_and_the_text_kept(client, action, lead):
    client.force_login(lead)
    response = _post(client, action, text="Typed update", target_date_0="30",
                     target_date_1="6", target_date_2="2018")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "There is a problem" in html
    assert "Enter the reason for the new date" in html
    assert "Typed update" in html and 'value="30"' in html
    assert not ActionUpdate.objects.exists()


def test_the_chair_may_update_an_action_they_do_not_lead(client, action):
    client.force_login(_user(action.board, "chair"))
    assert _post(client, action).status_code == 302


def test_another_member_is_refused(client, action, lead):
    client.force_login(_user(action.board, "officer"))
    assert client.get(url(action)).status_code == 403
    assert _post(client, action).status_code == 403
    assert not ActionUpdate.objects.exists()


def test_a_closed_action_shows_no_form_and_takes_no_post(client, action, lead):
    Action.objects.filter(pk=action.pk).update(status=Action.Status.CLOSED)
    client.force_login(lead)
    response = _post(client, action)
    assert response.status_code == 200
    assert "This action is closed" in response.content.decode()
    assert not ActionUpdate.objects.exists()
