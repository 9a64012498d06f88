"""Saving a paper through its edit page keeps every section kind: a table stays a table with
its rows (the demo SNB papers' 20-row and 9-row tables), text keeps its bullets."""
import pytest
from django.urls import reverse

from boards.demo.loader import load_demo
from boards.models import Board, Membership, Paper, PaperSection
from boards.publishing import services
from boards.publishing.forms import table_rows, table_text
from tests import factories as f

pytestmark = pytest.mark.django_db


def _sections(paper):
    return [(s.kind, s.heading, s.body, s.rows) for s in paper.sections.order_by("position")]


def _form_post(response) -> dict:
    """What a browser sends back from the edit page untouched: every field's shown value."""
    data = {}
    form, formset = response.context["form"], response.context["formset"]
    for bound in form:
        if bound.name == "uploaded_pdf":
            continue
        value = bound.value()
        if bound.name == "paper_date":
            for i, part in enumerate(bound.field.widget.decompress(value) if value else
                                     ["", "", ""]):
                data[f"paper_date_{i}"] = part or ""
            continue
        if bound.name == "own_headings":
            if value:
                data["own_headings"] = "on"
            continue
        data[bound.html_name] = "" if value is None else value
    for each in (formset, response.context["sign_offs"]):
        for name, value in each.management_form.initial.items():
            data[f"{each.prefix}-{name}"] = value
        for row in each.forms:
            for bound in row:
                value = bound.value()
                if bound.name == "signed_on":
                    for i, part in enumerate(bound.field.widget.decompress(value) if value
                                             else ["", "", ""]):
                        data[f"{bound.html_name}_{i}"] = part or ""
                    continue
                data[bound.html_name] = "" if value is None else value
    return data


@pytest.fixture
def snb(client):
    load_demo()
    board = Board.objects.get(slug="bd-csp")
    user = f.UserFactory(username="clerk-edit")
    f.MembershipFactory(board=board, person=f.PersonFactory(user=user), role=Membership.Role.CLERK)
    client.force_login(user)
    paper = Paper.objects.get(appendix_label="Appendix A", title__startswith="Safer Neighbourhood")
    meeting = paper.agenda_item.meeting
    url = reverse("boards:paper_edit", args=[board.slug, meeting.pk, paper.pk])
    return paper, url


def _extra(paper) -> dict:
    # A published paper's change needs a reason and how it goes out.
    return {"change_reason": "Spelling of a name", "change_kind": "correction"}


def test_unchanged_save_keeps_the_snb_tables(client, snb):
    paper, url = snb
    before = _sections(paper)
    tables = [rows for kind, _, _, rows in before if kind == PaperSection.Kind.TABLE]
    assert [len(rows) for rows in tables] == [20, 9]
    data = {**_form_post(client.get(url)), **_extra(paper)}
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    paper.refresh_from_db()
    assert _sections(paper) == before


def test_edit_keeps_the_tables_and_changes_what_was_edited(client, snb):
    paper, url = snb
    before = _sections(paper)
    data = {**_form_post(client.get(url)), **_extra(paper)}
    # Change the text of the first section and one cell of the second table.
    data["sections-0-body"] = "Date: 15TH FEBRUARY 2018\n\n- a bullet\n- another"
    rows = table_rows(data["sections-2-table"])
    rows[1][0] = "Introductions and apologies"
    data["sections-2-table"] = table_text(rows)
    data["title"] = "SNB – Open Public Meeting"
    response = client.post(url, data)
    assert response.status_code == 302
    paper.refresh_from_db()
    after = _sections(paper)
    assert paper.title == "SNB – Open Public Meeting"
    assert after[0][2] == "Date: 15TH FEBRUARY 2018\n\n- a bullet\n- another"
    assert after[1] == before[1]  # the 20-row table untouched
    assert after[2][0] == PaperSection.Kind.TABLE and after[2][3][1][0] == (
        "Introductions and apologies")
    assert after[2][3][2:] == before[2][3][2:]
    assert after[3:] == before[3:]


def test_table_text_round_trips_cells_with_commas_quotes_and_line_breaks():
    rows = [["", "Agenda Item"], ["5", 'Update reports from\n• "Community" Payback, IAG'], [""]]
    assert table_rows(table_text(rows).replace("\n", "\r\n")) == rows


def test_service_keeps_a_table_section():
    item = f.AgendaItemFactory()
    paper = services.paper_create(
        agenda_item=item, actor=None,
        details=services.PaperDetails(title="T", sections=(
            services.SectionDetails("Members", "", "table", [["Name", "Post"], ["A", "B"]]),
            ("Background", "- one\n- two"),
        )),
    )
    assert _sections(paper) == [
        ("table", "Members", "", [["Name", "Post"], ["A", "B"]]),
        ("text", "Background", "- one\n- two", []),
    ]
