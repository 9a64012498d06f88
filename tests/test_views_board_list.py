"""The board list page: boards as a tree with upcoming and recent meetings."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting
from tests.factories import (
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
    board_kind,
)

pytestmark = pytest.mark.django_db


def _at(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def test_boards_form_a_tree_with_subgroups_nested_under_their_parent(client):
    csp = BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    vawg = SubgroupFactory(name="VAWG Subgroup", slug="vawg", parent=csp)
    deeper = SubgroupFactory(name="MARAC Steering Group", slug="marac", parent=vawg)
    snb = BoardFactory(
        name="Safer Neighbourhood Board", slug="safer-neighbourhood-board",
        kind=board_kind("safer_neighbourhood_board"), parent=csp,
    )

    response = client.get(reverse("boards:board_list"))

    assert response.status_code == 200
    tree = response.context["tree"]
    assert [n.board for n in tree] == [csp]
    assert [n.board for n in tree[0].children] == [snb, vawg]
    assert [n.board for n in tree[0].children[1].children] == [deeper]
    html = response.content.decode()
    # Nested lists: the grandchild's link comes after its parent's, inside the parent's <li>.
    assert html.index("VAWG Subgroup") < html.index("MARAC Steering Group")
    assert html.count('class="csp-board-tree"') == 3
    assert f'href="/boards/{deeper.slug}/"' in html


def test_each_board_shows_upcoming_and_recent_published_meetings(client):
    board = BoardFactory()
    soon = MeetingFactory(board=board, start=_at(10), status=Meeting.Status.AGENDA_PUBLISHED)
    later = MeetingFactory(board=board, start=_at(100), status=Meeting.Status.AGENDA_PUBLISHED)
    past = MeetingFactory(board=board, start=_at(-30), status=Meeting.Status.HELD)
    older = MeetingFactory(board=board, start=_at(-300), status=Meeting.Status.MINUTES_CONFIRMED)

    node = client.get(reverse("boards:board_list")).context["tree"][0]

    assert node.upcoming == [soon, later]
    assert node.recent == [past, older]


def test_only_the_three_nearest_meetings_each_way_are_listed(client):
    board = BoardFactory()
    for days in (-40, -30, -20, -10, 10, 20, 30, 40):
        MeetingFactory(board=board, start=_at(days), status=Meeting.Status.HELD)

    node = client.get(reverse("boards:board_list")).context["tree"][0]

    assert [m.start.date() for m in node.upcoming] == [_at(d).date() for d in (10, 20, 30)]
    assert [m.start.date() for m in node.recent] == [_at(d).date() for d in (-10, -20, -30)]


def test_planned_meetings_are_listed_for_members_only(client):
    board = BoardFactory()
    planned = MeetingFactory(board=board, start=_at(20), status=Meeting.Status.PLANNED)
    url = reverse("boards:board_list")
    meeting_url = reverse("boards:meeting_detail", args=[board.slug, planned.pk])

    assert meeting_url not in client.get(url).content.decode()

    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user))
    client.force_login(user)
    html = client.get(url).content.decode()
    assert meeting_url in html
    assert "Planned" in html


def test_member_of_a_parent_board_sees_the_subgroups_planned_meetings(client):
    parent = BoardFactory()
    subgroup = SubgroupFactory(parent=parent)
    planned = MeetingFactory(board=subgroup, start=_at(20), status=Meeting.Status.PLANNED)
    user = UserFactory()
    MembershipFactory(board=parent, person=PersonFactory(user=user))
    client.force_login(user)

    tree = client.get(reverse("boards:board_list")).context["tree"]

    assert tree[0].children[0].upcoming == [planned]


def test_the_page_is_branded_csp_portal_not_gov_uk(client):
    html = client.get(reverse("boards:board_list")).content.decode()
    assert '<html lang="en-GB"' in html
    assert "CSP Portal</a>" in html
    assert "GOV.UK" not in html
    assert "govuk-header__logo" not in html and "Crown copyright" not in html
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    # GOV.UK Frontend starts from a static module (no inline script: Content-Security-Policy).
    assert '<script type="module" src="/static/csp/govuk_init.js"></script>' in html
    from django.conf import settings

    start = (settings.BASE_DIR / "static" / "csp" / "govuk_init.js").read_text()
    assert 'import { initAll } from "../govuk/govuk-frontend.min.js";' in start
