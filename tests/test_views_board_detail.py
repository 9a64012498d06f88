"""The board page: details, terms of reference, members, meetings, action log link."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting, Membership
from tests.factories import (
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return BoardFactory(
        name="Community Safety Partnership Board",
        slug="bd-csp",
        terms_of_reference=(
            "The board sets the partnership's priorities.\n\n- Reduce crime\n- Reduce fear of crime"
        ),
    )


def url(board) -> str:
    return reverse("boards:board_detail", args=[board.slug])


def test_shows_the_board_and_its_terms_of_reference(client, board):
    child = SubgroupFactory(name="VAWG Subgroup", parent=board)

    html = client.get(url(board)).content.decode()

    assert "<h1 class=\"govuk-heading-xl\">Community Safety Partnership Board</h1>" in html
    assert "<p class=\"govuk-body\">The board sets the partnership&#x27;s priorities.</p>" in html
    assert "<li>Reduce fear of crime</li>" in html
    assert f'href="/boards/{child.slug}/">VAWG Subgroup</a>' in html


def test_a_subgroup_links_to_the_board_it_reports_to(client, board):
    child = SubgroupFactory(name="VAWG Subgroup", parent=board)
    html = client.get(url(child)).content.decode()
    assert "Reports to" in html
    assert 'href="/boards/bd-csp/">Community Safety Partnership Board</a>' in html


def test_lists_current_members_chair_first_with_their_role(client, board):
    today = timezone.localdate()
    MembershipFactory(board=board, person=PersonFactory(name="Zoe Member"))
    MembershipFactory(
        board=board, person=PersonFactory(name="Yusuf Chair", post_title="Cabinet Member"),
        role=Membership.Role.CHAIR, title_on_board="Portfolio Holder",
    )
    MembershipFactory(
        board=board, person=PersonFactory(name="Former Member"),
        start_date=today - dt.timedelta(days=400), end_date=today - dt.timedelta(days=1),
    )
    MembershipFactory(
        board=board, person=PersonFactory(name="Future Member"),
        start_date=today + dt.timedelta(days=10),
    )

    response = client.get(url(board))

    names = [m.person.name for m in response.context["memberships"]]
    assert names == ["Yusuf Chair", "Zoe Member"]
    html = response.content.decode()
    assert "Chair (Portfolio Holder)" in html
    assert "Cabinet Member" in html
    assert "Former Member" not in html and "Future Member" not in html


def test_lists_published_meetings_past_and_planned(client, board):
    now = timezone.now()
    coming = MeetingFactory(
        board=board, start=now + dt.timedelta(days=30), status=Meeting.Status.AGENDA_PUBLISHED
    )
    held = MeetingFactory(
        board=board, start=now - dt.timedelta(days=30), status=Meeting.Status.HELD
    )
    unpublished = MeetingFactory(
        board=board, start=now + dt.timedelta(days=90), status=Meeting.Status.PLANNED
    )

    response = client.get(url(board))

    assert response.context["planned"] == [coming]
    assert response.context["past"] == [held]
    html = response.content.decode()
    assert reverse("boards:meeting_detail", args=[board.slug, held.pk]) in html
    assert reverse("boards:meeting_detail", args=[board.slug, unpublished.pk]) not in html


def test_members_also_see_planned_meetings_and_the_action_log_link(client, board):
    unpublished = MeetingFactory(
        board=board, start=timezone.now() + dt.timedelta(days=90), status=Meeting.Status.PLANNED
    )
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user))
    client.force_login(user)

    response = client.get(url(board))

    assert response.context["planned"] == [unpublished]
    assert f'href="{reverse("actions:action_log", args=[board.slug])}"' in response.content.decode()


def test_anonymous_visitors_are_offered_sign_in_for_the_action_log(client, board):
    html = client.get(url(board)).content.decode()
    assert "The action log is for board members" in html
    assert f'href="{reverse("actions:action_log", args=[board.slug])}"' not in html


def test_unknown_board_is_404(client):
    assert client.get(reverse("boards:board_detail", args=["no-such-board"])).status_code == 404


def test_meeting_table_links_each_date_and_shows_time_title_venue_and_status(client, board):
    held = MeetingFactory(
        board=board, start=timezone.make_aware(dt.datetime(2017, 12, 13, 13, 0)),
        title="", venue="Barking Learning Centre <Room 1>", status=Meeting.Status.HELD,
    )

    html = client.get(url(board)).content.decode()

    href = reverse("boards:meeting_detail", args=[board.slug, held.pk])
    assert (
        f'<td class="govuk-table__cell csp-nowrap"><a class="govuk-link" href="{href}">'
        "13 December 2017</a></td>"
    ) in html
    assert '<td class="govuk-table__cell">1pm</td>' in html
    assert '<td class="govuk-table__cell">Board meeting</td>' in html
    assert "Barking Learning Centre &lt;Room 1&gt;" in html
    assert '<strong class="govuk-tag govuk-tag--yellow">Held</strong>' in html
    caption = '<caption class="govuk-table__caption govuk-visually-hidden">Past meetings</caption>'
    assert caption in html
    assert "No meetings are scheduled." in html
    assert "Upcoming meetings</caption>" not in html


def test_members_table_has_a_hidden_caption_and_names_as_row_headers(client, board):
    MembershipFactory(board=board, person=PersonFactory(name="Zoe Member", organisation=None))

    html = client.get(url(board)).content.decode()

    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m govuk-visually-hidden">'
        "Current members of Community Safety Partnership Board</caption>"
    ) in html
    assert '<th scope="row" class="govuk-table__header">Zoe Member</th>' in html
    assert '<th scope="col" class="govuk-table__header">Organisation</th>' in html


def test_a_board_with_no_meetings_or_members_says_so(client, board):
    html = client.get(url(board)).content.decode()
    assert "No meetings are scheduled." in html and "No past meetings." in html
    assert "No members are recorded." in html
    assert "<table" not in html
