"""Raising an action at a meeting."""
import datetime as dt

import pytest
from django.urls import reverse

from actions.models import Action, ActionUpdate
from csp_portal.models import AuditEntry
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory()


@pytest.fixture
def officer(meeting):
    user = UserFactory()
    MembershipFactory(board=meeting.board, person=PersonFactory(user=user, name="Olu Officer"),
                      role="officer")
    return user


def url(meeting, **query) -> str:
    base = reverse("actions:action_raise", args=[meeting.board.slug, meeting.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _post(client, meeting, **overrides):
    data = {
        "agenda_item": "", "description": "Report knife crime figures", "lead_people": [],
        "lead_body": "", "target_date_0": "30", "target_date_1": "6", "target_date_2": "2018",
        "rag_status": "A",
    }
    data.update(overrides)
    return client.post(url(meeting), data)


def test_form_offers_the_boards_current_members_and_preselects_the_item(client, meeting, officer):
    item = AgendaItemFactory(meeting=meeting, title="Knife crime")
    MembershipFactory(board=meeting.board, person=PersonFactory(name="Ex Member"),
                      end_date=dt.date(2017, 1, 1))
    MembershipFactory(person=PersonFactory(name="Other Board"))
    client.force_login(officer)

    response = client.get(url(meeting, item=item.pk))
    html = response.content.decode()

    assert [p.name for p in response.context["form"].fields["lead_people"].queryset] == [
        "Olu Officer"
    ]
    assert response.context["form"].initial == {"agenda_item": item.pk}
    for label in ("Description", "Leads", "Lead body", "Target date", "Date TBC", "RAG status",
                  "Day", "Month", "Year"):
        assert label in html
    assert "Raise action" in html


def test_raising_an_action_numbers_it_and_redirects_to_it(client, meeting, officer):
    ActionFactory(raised_at=meeting, number=8)
    item = AgendaItemFactory(meeting=meeting)
    client.force_login(officer)

    response = _post(client, meeting, agenda_item=item.pk, lead_people=[officer.person.pk],
                     lead_body="All partners")

    action = Action.objects.get(number=9)
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:action_detail",
                                           args=[meeting.board.slug, 9])
    assert action.raised_under == item and action.target_date == dt.date(2018, 6, 30)
    assert list(action.lead_people.all()) == [officer.person]
    assert ActionUpdate.objects.filter(action=action).count() == 1
    assert AuditEntry.objects.filter(action="action_raise", object_id=str(action.pk)).exists()
    assert "Action 9 raised" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(("overrides", "message"), [
    ({}, "Select at least one lead, or enter a lead body"),
    ({"lead_body": "All partners", "target_date_0": "", "target_date_1": "",
      "target_date_2": ""}, "Enter a target date, or select Date TBC"),
    ({"lead_body": "All partners", "target_date_tbc": "on"}, "not both"),
    ({"lead_body": "All partners", "target_date_0": "31", "target_date_1": "2"},
     "Target date must be a real date"),
    ({"lead_body": "All partners", "target_date_2": ""}, "Target date must include a year"),
])
def test_errors_are_summarised_and_what_was_typed_is_kept(client, meeting, officer, overrides,
                                                          message):
    client.force_login(officer)
    response = _post(client, meeting, **overrides)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "There is a problem" in html and message in html
    assert "Report knife crime figures" in html
    assert not Action.objects.exists()


def test_another_boards_item_cannot_be_chosen(client, meeting, officer):
    client.force_login(officer)
    response = _post(client, meeting, agenda_item=AgendaItemFactory().pk, lead_body="All")
    assert "Select a valid choice" in response.content.decode()
    assert not Action.objects.exists()
