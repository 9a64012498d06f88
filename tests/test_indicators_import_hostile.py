"""Hostile returns files: XLSX bombs are refused before parsing, and no error quotes a whole cell.

Issue 9: a 300 KB XLSX holding a 300 MB shared string took the web worker to 4.6 GB and
returned a 944 MB error page.
"""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from boards.models import Membership
from indicators.imports import files
from indicators.imports.files import ImportFileError, read_returns_file
from indicators.models import IndicatorReturn
from tests.factories import (
    BoardFactory,
    IndicatorFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)

HEADER = ["indicator", "period", "value", "performance_overview"]


def _xlsx(fill) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    fill(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _shared_string_bomb(size: int, reference: str = "2") -> bytes:
    """A real XLSX whose performance_overview cell is a shared string of ``size`` characters.

    openpyxl writes strings inline and cuts them at Excel's 32,767, so the bomb's
    parts are written by hand: a sharedStrings.xml part, and a sheet cell pointing at it.
    """
    import zipfile

    base = _xlsx(lambda sheet: sheet.append([reference, "2018-01", 1, "placeholder"]))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            data = source.read(item.filename).decode()
            if item.filename == "xl/worksheets/sheet1.xml":
                start = data.index('<c r="D2"')
                end = data.index("</c>", start) + len("</c>")
                data = data[:start] + '<c r="D2" t="s"><v>0</v></c>' + data[end:]
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", (
                    '<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/sharedStrings" '
                    'Target="sharedStrings.xml"/></Relationships>'))
            elif item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", (
                    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
            bomb.writestr(item, data)
        bomb.writestr("xl/sharedStrings.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.'
            'org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
            + "A" * size + "</t></si></sst>"))
    return out.getvalue()


def test_the_hand_made_bomb_is_a_real_workbook():
    """Below the cap, openpyxl reads the shared string whole: the bomb is genuine."""
    table = read_returns_file(_shared_string_bomb(9_000))
    assert table.rows[0].cells["performance_overview"] == "A" * 9_000


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if openpyxl is asked to read the workbook."""
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_shared_string_bomb_is_refused_from_the_zip_directory_before_parsing(no_parsing):
    bomb = _shared_string_bomb(25_000_000)
    assert len(bomb) < 200_000, "a small file..."
    with pytest.raises(ImportFileError, match=r"unpacks to 2\d MB; the most the import reads "
                                              r"is 20 MB"):
        read_returns_file(bomb)


def test_a_workbook_of_many_parts_is_refused_before_parsing(no_parsing):
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        for n in range(files.MAX_XLSX_MEMBERS + 1):
            archive.writestr(f"xl/part{n}.xml", "<x/>")
    with pytest.raises(ImportFileError, match="too many parts"):
        read_returns_file(out.getvalue())


def test_a_sheet_spanning_too_many_rows_or_columns_is_refused_before_its_cells_are_read():
    tall = _xlsx(lambda sheet: sheet.cell(row=1_000_000, column=1, value="2"))
    with pytest.raises(ImportFileError, match="more than 6,000 rows"):
        read_returns_file(tall)
    wide = _xlsx(lambda sheet: sheet.cell(row=2, column=16_000, value="x"))
    with pytest.raises(ImportFileError, match="spans 16,000 columns; the import reads at most 50"):
        read_returns_file(wide)


def test_rows_past_the_cap_are_refused_even_without_a_stated_dimension():
    csv = ("indicator,period,value\r\n" + "\r\n" * 7000 + "2,2018-01,1\r\n").encode()
    with pytest.raises(ImportFileError, match="more than 6,000 rows"):
        read_returns_file(csv)


def test_a_long_cell_is_cut_and_its_row_reported():
    table = read_returns_file(_shared_string_bomb(50_000))
    (row,) = table.rows
    assert row.too_long == ("performance_overview",)
    assert len(row.cells["performance_overview"]) == files.MAX_CELL_CHARS


def test_error_messages_quote_at_most_forty_characters_of_a_cell():
    assert files.cell_echo("x" * 100) == "x" * 39 + "…"
    assert files.cell_echo("  two\n words  ") == "two words"
    with pytest.raises(ImportFileError) as raised:
        read_returns_file(("indicator,period," + "Q" * 5000 + "\r\n2,2018-01,1\r\n").encode())
    assert "Q" * 40 not in str(raised.value)


# --- through the import page --------------------------------------------------------------


@pytest.fixture
def officer_client(client, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    board = BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    vawg = SubgroupFactory(slug="vawg", name="VAWG", parent=board)
    IndicatorFactory(board=board, owning_subgroup=vawg, reference="19", name="Domestic abuse")
    user = UserFactory()
    MembershipFactory(board=vawg, person=PersonFactory(user=user), role=Membership.Role.OFFICER)
    client.force_login(user)
    client.board = board
    return client


def _upload(client, content: bytes, name: str):
    url = reverse("indicators:import_returns", args=[client.board.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_the_page_refuses_a_bomb_with_a_short_answer(officer_client):
    bomb = _shared_string_bomb(25_000_000, reference="19")
    response = _upload(officer_client, bomb, "returns.xlsx")
    page = response.content.decode()
    assert response.status_code == 200
    assert "unpacks to" in page
    assert len(response.content) < 100_000
    assert not IndicatorReturn.objects.exists()


def test_the_page_reports_long_and_unknown_cells_without_echoing_them(officer_client):
    rows = [
        ["Z" * 9_000, "2018-01", 1, ""],
        ["19", "P" * 9_000, 1, ""],
        ["19", "2018-01", "N" * 9_000, ""],
        ["19", "2017-12", 1, "O" * 20_000],  # openpyxl keeps 32,767 characters of a cell
    ]
    content = _xlsx(lambda sheet: [sheet.append(row) for row in rows])
    response = _upload(officer_client, content, "returns.xlsx")
    page = response.content.decode()
    assert "The performance_overview cell holds more than 10,000 characters" in page
    assert "There is no indicator" in page and "is not a month" in page
    assert "is not a number" in page
    for letter in "ZPNO":
        assert letter * 40 not in page, f"a whole {letter} cell was echoed"
    assert len(response.content) < 100_000
    assert not IndicatorReturn.objects.exists()
