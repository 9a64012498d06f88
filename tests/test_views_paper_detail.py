"""The paper page: a paper in HTML, restricted papers for board members only."""
import datetime as dt

import pytest
from django.urls import reverse

from boards.models import Meeting, PaperSection, SecurityClassification
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PaperSectionFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    return AgendaItemFactory(meeting=meeting, position=6, title="Performance")


@pytest.fixture
def member(item):
    user = UserFactory()
    MembershipFactory(board=item.meeting.board, person=PersonFactory(user=user))
    return user


def url(paper) -> str:
    meeting = paper.agenda_item.meeting
    return reverse("boards:paper_detail", args=[meeting.board.slug, meeting.pk, paper.pk])


def test_shows_the_header_block_and_sections_in_order(client, item):
    paper = PaperFactory(
        agenda_item=item, title="Community Safety Partnership Performance Report",
        heading="REPORT", author="Daniel James, Research and Analysis Manager",
        contact="daniel.james@example.org", paper_date=dt.date(2018, 3, 28),
    )
    PaperSectionFactory(paper=paper, position=2, heading="2. Recommendations",
                        body="The board is asked to:\n- note the report\n- agree the actions")
    PaperSectionFactory(paper=paper, position=1, heading="1. Introduction",
                        body="Burglary is up.\n\nKnife crime is up.")
    PaperSectionFactory(
        paper=paper, position=3, heading="3. Figures", kind=PaperSection.Kind.TABLE, body="",
        rows=[["Crime", "FYTD"], ["Burglary", "1319"]],
    )

    html = client.get(url(paper)).content.decode()

    assert '<h1 class="govuk-heading-xl">Community Safety Partnership Performance Report</h1>' in (
        html
    )
    assert "REPORT" in html and "6 Performance" in html
    assert "28 March 2018" in html and "Daniel James, Research and Analysis Manager" in html
    assert "UNRESTRICTED" in html
    positions = [html.index(h) for h in ("1. Introduction", "2. Recommendations", "3. Figures")]
    assert positions == sorted(positions)
    assert '<p class="govuk-body">Burglary is up.</p>' in html
    assert "<li>agree the actions</li>" in html
    assert '<th scope="col" class="govuk-table__header">FYTD</th>' in html
    assert '<td class="govuk-table__cell">1319</td>' in html


def test_section_text_is_escaped(client, item):
    paper = PaperFactory(agenda_item=item)
    PaperSectionFactory(paper=paper, body="<script>alert(1)</script>")
    html = client.get(url(paper)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_restricted_paper_is_404_for_non_members_and_readable_by_members(client, item, member):
    paper = PaperFactory(
        agenda_item=item, security=SecurityClassification.RESTRICTED, exempt_paragraph=7
    )
    PaperSectionFactory(paper=paper, body="Nominal list of offenders")

    assert client.get(url(paper)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url(paper)).status_code == 404

    client.force_login(member)
    response = client.get(url(paper))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nominal list of offenders" in html
    assert "exempt information under paragraph 7" in html


def test_paper_under_a_restricted_item_or_sub_item_is_404_for_non_members(client, item):
    item.is_restricted = True
    item.exempt_paragraph = 1
    item.save()
    sub = AgendaItemFactory(meeting=item.meeting, parent=item, position=1)
    on_item = PaperFactory(agenda_item=item)
    on_sub = PaperFactory(agenda_item=sub)
    assert client.get(url(on_item)).status_code == 404
    assert client.get(url(on_sub)).status_code == 404


def test_paper_of_a_planned_meeting_is_404_for_non_members(client, item, member):
    item.meeting.status = Meeting.Status.PLANNED
    item.meeting.save()
    paper = PaperFactory(agenda_item=item)
    assert client.get(url(paper)).status_code == 404
    client.force_login(member)
    assert client.get(url(paper)).status_code == 200


def test_paper_must_belong_to_the_meeting_in_the_url(client, item):
    paper = PaperFactory(agenda_item=item)
    other = MeetingFactory(board=item.meeting.board, status=Meeting.Status.AGENDA_PUBLISHED)
    response = client.get(
        reverse("boards:paper_detail", args=[other.board.slug, other.pk, paper.pk])
    )
    assert response.status_code == 404


def test_table_sections_are_escaped_and_captioned_by_their_heading(client, item):
    paper = PaperFactory(agenda_item=item)
    PaperSectionFactory(
        paper=paper, position=1, heading="Membership list", kind=PaperSection.Kind.TABLE,
        body="", rows=[["Name", "Post"], ["<b>Fiona</b>", "Chair"]],
    )
    PaperSectionFactory(
        paper=paper, position=2, heading="", kind=PaperSection.Kind.TABLE, body="",
        rows=[["Item", "Lead"], ["Knife crime", "Police"]],
    )

    html = client.get(url(paper)).content.decode()

    assert (
        '<caption class="govuk-table__caption govuk-visually-hidden">Membership list</caption>'
    ) in html
    assert html.count("<caption") == 1 and html.count("<table") == 2
    assert '<td class="govuk-table__cell">&lt;b&gt;Fiona&lt;/b&gt;</td>' in html
    assert '<th scope="col" class="govuk-table__header">Lead</th>' in html
