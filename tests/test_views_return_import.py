"""The returns import page: upload, every bad row listed with nothing saved, or counts."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.models import Membership
from csp_portal.models import AuditEntry
from indicators.models import Indicator, IndicatorReturn
from tests.factories import (
    BoardFactory,
    IndicatorFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)
from tests.indicator_workbook import workbook_bytes

JAN = dt.date(2018, 1, 1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def board(db):
    board = BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    sbb = SubgroupFactory(slug="safer-borough-board", name="Safer Borough Board", parent=board)
    vawg = SubgroupFactory(slug="vawg", name="VAWG", parent=board)
    IndicatorFactory(board=board, owning_subgroup=sbb, reference="2", name="Burglary")
    IndicatorFactory(board=board, owning_subgroup=vawg, reference="19", name="Domestic abuse")
    IndicatorFactory(board=board, owning_subgroup=vawg, reference="20", name="MARAC repeats",
                     unit=Indicator.Unit.PERCENTAGE)
    board.vawg = vawg
    return board


@pytest.fixture
def officer(board):
    """An officer of VAWG: may enter returns for indicators 19 and 20 only."""
    user = UserFactory(username="vawg-officer")
    MembershipFactory(board=board.vawg, person=PersonFactory(user=user),
                      role=Membership.Role.OFFICER)
    return user


def _url(board) -> str:
    return reverse("indicators:import_returns", args=[board.slug])


def _post(client, board, content: bytes, name="returns.csv", **data):
    upload = SimpleUploadedFile(name, content)
    return client.post(_url(board), {"file": upload, **data})


def _page(response) -> str:
    return response.content.decode()


def test_the_page_explains_the_format_and_offers_templates(client, board, officer):
    client.force_login(officer)
    response = client.get(_url(board))
    assert response.status_code == 200
    page = _page(response)
    assert "<title>Import KPI returns: Community Safety Partnership Board" in page
    for column in ("indicator", "period", "fytd_reported", "london_change_pct",
                   "actions_to_improve"):
        assert f"<code>{column}</code>" in page
    template_url = reverse("indicators:import_template", args=[board.slug, "xlsx"])
    assert f'href="{template_url}?period=' in page
    assert "You may enter returns for indicators 19, 20." in page
    assert 'name="submit_for_approval"' in page
    assert 'enctype="multipart/form-data"' in page


def test_a_good_file_is_imported_and_the_counts_shown(client, board, officer):
    client.force_login(officer)
    content = b'indicator,period,value,fytd_reported\n19,2018-01,214,"2,174"\n20,2018-01,17.9%,\n'
    response = _post(client, board, content, name="january.csv")
    assert response.status_code == 302 and response["Location"] == _url(board)
    page = _page(client.get(response["Location"]))
    assert "january.csv: 2 returns created, 0 updated, 0 unchanged." in page
    assert IndicatorReturn.objects.get(indicator__reference="19").fytd_reported == 2174
    assert IndicatorReturn.objects.get(indicator__reference="20").value == Decimal("17.9")

    response = _post(client, board, content, name="january.csv")
    page = _page(client.get(response["Location"]))
    assert "january.csv: 0 returns created, 0 updated, 2 unchanged." in page


def test_one_bad_row_refuses_the_file_and_every_bad_row_is_listed(client, board, officer):
    client.force_login(officer)
    content = (b"indicator,period,value\n"
               b"19,2018-01,214\n"
               b"20,2018-01,140%\n"
               b"19,2018-01,215\n"
               b"2,2018-01,176\n")
    audits = AuditEntry.objects.count()
    response = _post(client, board, content, name="january.csv", submit_for_approval="on")
    assert response.status_code == 200
    assert IndicatorReturn.objects.count() == 0 and AuditEntry.objects.count() == audits
    page = _page(response)
    assert "<title>Error: Import KPI returns" in page
    assert "There is a problem" in page
    assert "january.csv was not imported: 3 rows have problems." in page
    assert '<a href="#row-3">Row 3: value 140% is a percentage outside 0% to 100%</a>' in page
    assert '<a href="#row-4">Row 4: Indicator 19 for 2018-01 is also on row 2</a>' in page
    assert ("Row 5: You may not enter returns for indicator 2: it belongs to Safer Borough "
            "Board") in page
    assert 'id="row-3"' in page and 'id="row-2"' not in page
    assert "Rows with problems in january.csv" in page
    # The choice made is shown again.
    assert 'name="submit_for_approval"' in page and "checked" in page


def test_an_unreadable_file_names_the_file_and_the_reason(client, board, officer):
    client.force_login(officer)
    response = _post(client, board, b"indicator,value\n19,5\n", name="figures.csv")
    assert response.status_code == 200
    page = _page(response)
    assert "figures.csv: The first row must name the columns; period is missing." in page
    assert '<a href="#id_file">' in page


def test_no_file_chosen(client, board, officer):
    client.force_login(officer)
    response = client.post(_url(board), {})
    assert response.status_code == 200
    assert "Choose a CSV or XLSX file of returns" in _page(response)


def test_a_file_with_no_figures_says_so(client, board, officer):
    client.force_login(officer)
    response = _post(client, board, b"indicator,period,value\n19,2018-01,\n", name="blank.csv")
    assert response.status_code == 200
    assert "blank.csv has no figures to import" in _page(response)


def test_an_xlsx_file_with_submit_for_approval(client, board, officer):
    client.force_login(officer)
    content = workbook_bytes(
        [("19", "2018-01", 214), ("20", "2018-01", "17.9%"), ("19", "2017-12", None)],
        header=("indicator", "period", "value"),
    )
    response = _post(client, board, content, name="january.xlsx", submit_for_approval="on")
    assert response.status_code == 302
    page = _page(client.get(response["Location"]))
    assert ("january.xlsx: 2 returns created, 0 updated, 0 unchanged; 2 submitted for approval; "
            "1 row with no figures skipped.") in page
    assert set(IndicatorReturn.objects.values_list("status", flat=True)) == {"submitted"}


def test_the_error_page_runs_the_same_queries_for_one_bad_row_or_many(client, board, officer):
    client.force_login(officer)

    def queries(lines: int) -> int:
        body = "indicator,period,value\n" + "".join(
            f"19,2018-{month:02d},x\n" for month in range(1, lines + 1)
        )
        with CaptureQueriesContext(connection) as ctx:
            response = _post(client, board, body.encode())
        assert response.status_code == 200
        return len(ctx.captured_queries)

    assert queries(1) == queries(12)


def test_the_board_page_links_to_the_import_for_editors_only(client, board, officer):
    board_url = reverse("boards:board_detail", args=[board.slug])
    link = f'href="{_url(board)}"'
    member = UserFactory(username="member")
    MembershipFactory(board=board, person=PersonFactory(user=member), role="member")
    client.force_login(member)
    assert link not in _page(client.get(board_url))
    client.force_login(officer)
    assert link in _page(client.get(board_url))


def test_returns_of_another_board_cannot_be_imported(client, board):
    other = BoardFactory(slug="elsewhere")
    IndicatorFactory(board=other, reference="7")
    clerk = UserFactory(username="clerk")
    MembershipFactory(board=board, person=PersonFactory(user=clerk), role="clerk")
    client.force_login(clerk)
    response = _post(client, board, b"indicator,period,value\n7,2018-01,5\n")
    assert 'There is no indicator &quot;7&quot; on Community Safety Partnership Board' in (
        _page(response)
    )
    assert IndicatorReturn.objects.count() == 0
