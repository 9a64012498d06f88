"""Editing a paper keeps every section kind: a table section survives an unchanged save and
an edit of one cell, rows and all (issue 9: the SNB paper's 20-row and 9-row tables were
turned into text and lost their rows)."""
import pytest
from django.test import Client
from django.urls import reverse

from boards.models import Membership, PaperSection
from boards.publishing.forms import table_rows, table_text
from tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory, PaperSectionFactory
from tests.fixtures.boards import board_user
from tests.test_views_minutes_record import page_data

pytestmark = pytest.mark.django_db

ROWS = [["Ward", "Offences", "Notes"]] + [
    [f"Ward {n}", str(n * 3), 'Up, "sharply"\nafter the summer' if n == 4 else ""]
    for n in range(1, 21)
]


@pytest.fixture
def paper(board):
    meeting = MeetingFactory(board=board)
    paper = PaperFactory(agenda_item=AgendaItemFactory(meeting=meeting, position=1),
                         title="Safer Neighbourhood Board update")
    PaperSectionFactory(paper=paper, position=1, heading="1. Purpose", body="To note.")
    PaperSectionFactory(paper=paper, position=2, heading="2. Crime by ward",
                        kind=PaperSection.Kind.TABLE, body="", rows=ROWS)
    PaperSectionFactory(paper=paper, position=3, heading="3. Next steps", body="- Patrols")
    return paper


def _edit(board, paper):
    client = Client()
    client.force_login(board_user(board, Membership.Role.CLERK))
    url = reverse("boards:paper_edit", args=[board.slug, paper.agenda_item.meeting.pk, paper.pk])
    return client, url


def _sections(paper):
    return [(s.heading, s.kind, s.body, s.rows) for s in paper.sections.order_by("position")]


def test_an_unchanged_save_keeps_every_section_kind(board, paper):
    before = _sections(paper)
    client, url = _edit(board, paper)
    data = {**page_data(client.get(url)), "security": "unrestricted"}
    assert client.post(url, data).status_code == 302
    assert _sections(paper) == before


def test_editing_a_table_cell_keeps_the_table(board, paper):
    client, url = _edit(board, paper)
    data = {**page_data(client.get(url)), "security": "unrestricted"}
    assert data["sections-1-kind"] == "table"
    data["sections-1-table"] = data["sections-1-table"].replace("Ward 7,21,", "Ward 7,22,")
    assert client.post(url, data).status_code == 302
    table = paper.sections.get(position=2)
    assert table.kind == PaperSection.Kind.TABLE
    assert len(table.rows) == 21
    assert table.rows[7] == ["Ward 7", "22", ""]
    assert table.rows[4][2] == 'Up, "sharply"\nafter the summer'


def test_a_table_that_cannot_be_read_is_refused_and_kept(board, paper):
    client, url = _edit(board, paper)
    data = {**page_data(client.get(url)), "security": "unrestricted"}
    data["sections-1-table"] = 'Ward,"Offences\nWard 1,3'
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The table could not be read" in response.content.decode()
    assert paper.sections.get(position=2).rows == ROWS


def test_table_text_round_trips():
    assert table_rows(table_text(ROWS)) == ROWS
