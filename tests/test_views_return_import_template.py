"""The import template download: the header and one blank row per editable indicator."""
import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from boards.models import Membership
from indicators.imports.checks import COLUMNS
from indicators.models import Indicator
from indicators.performance import add_months, month_start
from tests.factories import (
    BoardFactory,
    IndicatorFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def board(db):
    board = BoardFactory(slug="bd-csp")
    sbb = SubgroupFactory(slug="safer-borough-board", parent=board)
    vawg = SubgroupFactory(slug="vawg", parent=board)
    IndicatorFactory(board=board, owning_subgroup=sbb, reference="1a", position=1)
    IndicatorFactory(board=board, owning_subgroup=sbb, reference="6", position=6,
                     frequency=Indicator.Frequency.QUARTERLY)
    IndicatorFactory(board=board, owning_subgroup=sbb, reference="12", position=12,
                     in_development=True)
    IndicatorFactory(board=board, owning_subgroup=vawg, reference="19", position=19,
                     name="Domestic abuse")
    board.vawg = vawg
    return board


def _user(board, role, username):
    user = UserFactory(username=username)
    MembershipFactory(board=board, person=PersonFactory(user=user), role=role)
    return user


def _get(client, board, fmt, **params):
    url = reverse("indicators:import_template", args=[board.slug, fmt])
    return client.get(url, params)


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_template_for_a_month_lists_the_indicators_that_take_a_return(client, board):
    client.force_login(_user(board, Membership.Role.CLERK, "clerk"))
    response = _get(client, board, "csv", period="2018-01")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bd-csp-returns-2018-01.csv"'
    rows = _csv_rows(response)
    assert rows[0] == list(COLUMNS)
    blanks = [""] * (len(COLUMNS) - 2)
    # Not 6 (quarterly: January ends no quarter) nor 12 (in development).
    assert rows[1:] == [["1a", "2018-01", *blanks], ["19", "2018-01", *blanks]]


def test_a_quarter_end_template_includes_quarterly_indicators(client, board):
    client.force_login(_user(board, Membership.Role.CLERK, "clerk"))
    rows = _csv_rows(_get(client, board, "csv", period="2017-12"))
    assert [row[0] for row in rows[1:]] == ["1a", "6", "19"]


def test_a_subgroup_officer_gets_their_subgroups_indicators_only(client, board):
    client.force_login(_user(board.vawg, Membership.Role.OFFICER, "vawg-officer"))
    rows = _csv_rows(_get(client, board, "csv", period="2018-01"))
    assert [row[0] for row in rows[1:]] == ["19"]


def test_xlsx_template_with_a_guide_sheet_and_last_month_by_default(client, board):
    client.force_login(_user(board.vawg, Membership.Role.OFFICER, "vawg-officer"))
    response = _get(client, board, "xlsx")
    last_month = add_months(month_start(timezone.localdate()), -1)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="bd-csp-returns-{last_month:%Y-%m}.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Returns", "Indicators"]
    returns = [list(row) for row in workbook["Returns"].iter_rows(values_only=True)]
    assert returns[0] == list(COLUMNS)
    assert returns[1][:2] == ["19", f"{last_month:%Y-%m}"]
    guide = list(workbook["Indicators"].iter_rows(values_only=True))
    assert guide[1] == ("19", "Domestic abuse", "Count", "Monthly")


def test_a_malformed_period_is_a_bad_request(client, board):
    client.force_login(_user(board, Membership.Role.CLERK, "clerk"))
    response = _get(client, board, "csv", period="January")
    assert response.status_code == 400
    assert b'Period "January" is not a month written YYYY-MM' in response.content


def test_an_unknown_format_is_not_found(client, board):
    client.force_login(_user(board, Membership.Role.CLERK, "clerk"))
    assert _get(client, board, "ods").status_code == 404
