"""The action log's CSV and XLSX files, as a chair hands them on (issue 11's formatting),
streamed from a values query (issue 12), and the short "Meeting raised" filter."""
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.filters import RECENT_MEETINGS
from tests.factories import (
    ActionFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory(
        board=BoardFactory(slug="bd-csp", name="Bexley CSP"),
        start=timezone.make_aware(dt.datetime(2017, 12, 13, 10, 0)),
    )


@pytest.fixture
def member_client(client, meeting):
    user = UserFactory()
    MembershipFactory(board=meeting.board, person=PersonFactory(user=user))
    client.force_login(user)
    return client


def _get(client, board, **query):
    response = client.get(reverse("actions:action_log", args=[board.slug]), query)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def _workbook(client, board, **query):
    response, body = _get(client, board, _export="xlsx", **query)
    return response, load_workbook(io.BytesIO(body)).active


@pytest.fixture
def log(meeting):
    lead = PersonFactory(name="Kate Sandercock")
    for number, rag in enumerate("RAG", start=1):
        action = ActionFactory(
            raised_at=meeting, number=number, rag_status=rag,
            target_date=dt.date(2018, 3, number), comments="Line one\nline two",
        )
        action.lead_people.add(lead)
    ActionFactory(raised_at=meeting, number=4, target_date=dt.date(2017, 10, 31),
                  target_is_month=True)
    return meeting.board


def test_csv_is_streamed_with_a_byte_order_mark(member_client, log):
    response, body = _get(member_client, log, _export="csv")
    assert response.streaming
    assert body.startswith(b"\xef\xbb\xbfNo.,Description,")
    assert body.count(b"\xef\xbb\xbf") == 1
    assert response["Content-Type"].startswith("text/csv")


def test_xlsx_has_a_title_row_naming_board_filters_and_date(member_client, log):
    _, sheet = _workbook(member_client, log, rag_status="R")
    today = timezone.localdate()
    assert sheet["A1"].value == (
        f"Bexley CSP action log – Open actions, RAG Red – {today.day} {today:%B %Y}"
    )
    assert sheet["A1"].font.b
    assert [c.value for c in sheet[2]] == [
        "No.", "Description", "Lead", "Meeting raised", "Target date", "RAG", "Open/closed",
        "Comments / update",
    ]
    assert all(c.font.b for c in sheet[2])
    assert sheet.max_row == 3


def test_xlsx_dates_are_real_dates_shown_the_uk_way(member_client, log):
    _, sheet = _workbook(member_client, log)
    raised, target = sheet["D3"], sheet["E3"]
    assert raised.value == dt.datetime(2017, 12, 13) and raised.is_date
    assert raised.number_format == "dd/mm/yyyy"
    assert target.value == dt.datetime(2018, 3, 1) and target.number_format == "dd/mm/yyyy"
    month = sheet["E6"]
    assert month.value == dt.datetime(2017, 10, 31) and month.number_format == "mmm yyyy"


def test_xlsx_rag_cells_are_coloured_and_keep_the_word(member_client, log):
    _, sheet = _workbook(member_client, log)
    cells = {sheet[f"F{row}"].value: sheet[f"F{row}"] for row in (3, 4, 5)}
    assert set(cells) == {"Red", "Amber", "Green"}
    fills = {word: cell.fill.fgColor.rgb[-6:] for word, cell in cells.items()}
    assert fills == {"Red": "F4CDC6", "Amber": "FFE8B3", "Green": "CCE2D8"}
    assert all(cell.fill.fill_type == "solid" for cell in cells.values())


def test_xlsx_header_is_frozen_filtered_and_columns_sized_and_wrapped(member_client, log):
    _, sheet = _workbook(member_client, log)
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:H6"
    widths = {col: sheet.column_dimensions[col].width for col in "ABCH"}
    assert widths["A"] < 10 and widths["B"] >= 50 and widths["H"] >= 50 and widths["C"] >= 20
    assert sheet["B3"].alignment.wrap_text and sheet["H3"].alignment.wrap_text
    assert sheet["H3"].value == "Line one\nline two"


def test_file_names_say_board_filters_and_date(member_client, log):
    today = timezone.localdate().isoformat()
    response, _ = _get(member_client, log, _export="csv", rag_status="R", q="knife")
    assert response["Content-Disposition"] == (
        f'attachment; filename="action-log-bd-csp-open-actions-rag-red-matching-knife-{today}.csv"'
    )
    response, _ = _get(member_client, log, _export="xlsx", status="")
    assert f'filename="action-log-bd-csp-open-and-closed-{today}.xlsx"' in (
        response["Content-Disposition"]
    )


def test_subgroup_rows_carry_their_board(member_client, meeting):
    subgroup = SubgroupFactory(parent=meeting.board, name="Reducing reoffending")
    ActionFactory(board=subgroup, raised_at=MeetingFactory(board=subgroup), number=1)
    ActionFactory(raised_at=meeting, number=1)
    _, sheet = _workbook(member_client, meeting.board, subgroups="include")
    assert sheet["A2"].value == "Board"
    assert sorted(sheet[f"A{row}"].value for row in (3, 4)) == [
        "Bexley CSP", "Reducing reoffending",
    ]
    assert "Including subgroups" in sheet["A1"].value


def test_meeting_filter_lists_only_recent_meetings_but_accepts_any(member_client, meeting):
    board = meeting.board
    meetings = [
        MeetingFactory(board=board, start=meeting.start - dt.timedelta(days=30 * (i + 1)))
        for i in range(RECENT_MEETINGS + 5)
    ]
    for number, raised in enumerate([meeting, *meetings], start=1):
        ActionFactory(raised_at=raised, number=number)
    page = reverse("actions:action_log", args=[board.slug])
    response = member_client.get(page)
    choices = list(response.context["filter"].form["raised_at"].field.widget.choices)
    assert len(choices) == RECENT_MEETINGS + 1  # and "Any meeting"
    oldest = meetings[-1]
    response = member_client.get(page, {"raised_at": oldest.pk})
    assert [row.record.raised_at_id for row in response.context["table"].paginated_rows] == [
        oldest.pk
    ]
    html = response.content.decode()
    assert f'<option value="{oldest.pk}" selected>' in html
    # An older meeting is found by its date.
    day = timezone.localdate(oldest.start)
    response = member_client.get(page, {"raised_on": f"{day:%d/%m/%Y}"})
    assert [row.record.raised_at_id for row in response.context["table"].paginated_rows] == [
        oldest.pk
    ]
