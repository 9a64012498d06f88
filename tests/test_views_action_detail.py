"""One action's page: its details, merge links and the history of changes."""
import datetime as dt

import pytest
from django.urls import reverse

from actions.services import action_merge, action_rag_change, action_update_post
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _user(board, role, name):
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user, name=name), role=role)
    return user


def url(action) -> str:
    return reverse("actions:action_detail", args=[action.board.slug, action.number])


def test_shows_details_and_who_changed_what_and_when(client):
    item = AgendaItemFactory(title="Knife crime")
    action = ActionFactory(
        raised_at=item.meeting, raised_under=item, number=5, description="Knife arches",
        target_date=dt.date(2018, 3, 13), rag_status="A",
    )
    officer = _user(action.board, "officer", "Olu Officer")
    chair = _user(action.board, "chair", "Cath Chair")
    action.lead_people.add(officer.person)
    action_update_post(
        action=action, actor=officer, text="Arches ordered", rag_status="A",
        target_date=dt.date(2018, 6, 30), reason="Supplier delay",
    )
    action_rag_change(action=action, actor=chair, rag_status="R")
    client.force_login(officer)

    html = client.get(url(action)).content.decode()

    assert "Action 5" in html and "Knife arches" in html and "Olu Officer" in html
    assert f"item {item.full_label} Knife crime" in html
    assert "Arches ordered" in html
    assert "13 March 2018 → 30 June 2018<br>Reason: Supplier delay" in html
    assert "Cath Chair" in html
    assert ('<strong class="govuk-tag govuk-tag--yellow">Amber</strong>\n → '
            '<strong class="govuk-tag govuk-tag--red">Red</strong>') in html
    assert reverse("actions:action_update", args=[action.board.slug, 5]) in html
    assert reverse("actions:action_manage", args=[action.board.slug, 5]) not in html


def test_merge_links_both_ways(client):
    survivor = ActionFactory(number=3)
    duplicate = ActionFactory(raised_at=survivor.raised_at, number=4)
    chair = _user(survivor.board, "chair", "Cath Chair")
    action_merge(duplicate=duplicate, into=survivor, actor=chair)
    client.force_login(chair)

    survivor_html = client.get(url(survivor)).content.decode()
    duplicate_html = client.get(url(duplicate)).content.decode()

    assert f'href="{url(duplicate)}">Action 4:' in survivor_html
    assert "Action 4 merged into this action." in survivor_html
    assert f'href="{url(survivor)}">Action 3:' in duplicate_html
    assert reverse("actions:action_manage", args=[survivor.board.slug, 3]) in survivor_html


def test_a_member_who_does_not_lead_sees_no_update_link(client):
    action = ActionFactory(number=1)
    client.force_login(_user(action.board, "member", "Mo Member"))
    html = client.get(url(action)).content.decode()
    assert reverse("actions:action_update", args=[action.board.slug, 1]) not in html


def test_query_count_does_not_grow_with_history(client, django_assert_max_num_queries):
    action = ActionFactory(raised_at=MeetingFactory(), number=1)
    chair = _user(action.board, "chair", "Cath Chair")
    client.force_login(chair)
    action_update_post(action=action, actor=chair, text="One", rag_status="R")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url(action))
    for n in range(10):
        action_update_post(action=action, actor=chair, text=f"More {n}", rag_status="RAG"[n % 3])
    with CaptureQueriesContext(connection) as many:
        client.get(url(action))
    assert len(many.captured_queries) == len(one.captured_queries)
