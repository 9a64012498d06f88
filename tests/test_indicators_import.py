"""indicators.imports (files, checks): reading CSV and XLSX returns files and checking every row."""
import datetime as dt
from decimal import Decimal

import pytest

from boards.access import BoardAccess, user_board_roles
from boards.models import Membership
from indicators.definitions.selectors import indicators_editable_by
from indicators.imports.checks import (
    ImportFileError,
    check_returns,
    parse_number,
    parse_period,
    read_returns_file,
)
from indicators.imports.files import template_csv, template_rows, template_xlsx
from indicators.models import Indicator
from tests.factories import (
    BoardFactory,
    IndicatorFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)
from tests.indicator_workbook import workbook_bytes

TODAY = dt.date(2018, 3, 20)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(username, board, role):
    user = UserFactory(username=username)
    MembershipFactory(board=board, person=PersonFactory(user=user), role=role)
    return user


@pytest.fixture
def setup(db):
    board = BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    sbb = SubgroupFactory(slug="safer-borough-board", name="Safer Borough Board", parent=board)
    vawg = SubgroupFactory(slug="vawg", name="VAWG", parent=board)
    make = dict(board=board)
    indicators = {
        "2": IndicatorFactory(**make, owning_subgroup=sbb, reference="2", name="Burglary"),
        "6": IndicatorFactory(**make, owning_subgroup=sbb, reference="6", name="FTE",
                              frequency=Indicator.Frequency.QUARTERLY),
        "12": IndicatorFactory(**make, owning_subgroup=sbb, reference="12", name="Bail",
                               in_development=True),
        "1a": IndicatorFactory(**make, owning_subgroup=sbb, reference="1a", name="VWI",
                               unit=Indicator.Unit.RATE_PER_1000),
        "19": IndicatorFactory(**make, owning_subgroup=vawg, reference="19", name="DA"),
        "20": IndicatorFactory(**make, owning_subgroup=vawg, reference="20", name="MARAC",
                               unit=Indicator.Unit.PERCENTAGE),
    }
    clerk = _user("clerk", board, Membership.Role.CLERK)
    vawg_officer = _user("vawg-officer", vawg, Membership.Role.OFFICER)
    return board, indicators, clerk, vawg_officer


def _check(board, user, content: bytes):
    access = BoardAccess(board=board, roles=user_board_roles(user, board))
    return check_returns(
        table=read_returns_file(content), user=user, access=access, today=TODAY
    )


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _reasons(check) -> dict[int, str]:
    return {error.number: error.reason for error in check.errors}


# --- Reading files --------------------------------------------------------------------------


def test_csv_with_a_byte_order_mark_and_headings_in_any_case():
    content = "\ufeffIndicator,Period,Value,FYTD reported\n2,2018-01,\"1,319\",\n".encode()
    table = read_returns_file(content)
    assert table.columns == ("indicator", "period", "value", "fytd_reported")
    assert [(row.number, row.cells) for row in table.rows] == [
        (2, {"indicator": "2", "period": "2018-01", "value": "1,319", "fytd_reported": ""}),
    ]


def test_blank_rows_are_left_out_but_keep_the_row_numbers():
    table = read_returns_file(_csv("indicator,period,value", ",,", "2,2018-01,5"))
    assert [row.number for row in table.rows] == [3]


def test_xlsx_is_recognised_by_content_and_percent_cells_read_as_percentages():
    content = workbook_bytes(
        [{"indicator": "20", "period": "2018-01", "value": 0.179, "fytd_reported": 17}],
        header=("indicator", "period", "value", "fytd_reported"),
        formats={"value": "0.0%"},
    )
    table = read_returns_file(content)
    assert table.rows[0].cells == {
        "indicator": "20", "period": "2018-01", "value": "17.9%", "fytd_reported": 17,
    }


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"indicator,value\n2,5\n", "period is missing"),
    (b"indicator,period,vaule\n", 'column "vaule"'),
    (b"indicator,period,value,value\n", 'two "value" columns'),
    (b"indicator;period;value\n2;2018-01;5\n", "separated by commas"),
    (b"indicator,period\n2,2018-01,5\n", "column with no name"),
    ("indicator,period\n£".encode("latin-1"), "UTF-8"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old workbook", ".xls"),
    (b"PK\x03\x04 not really a zip", "not a readable XLSX"),
])
def test_unreadable_files_are_refused_with_a_reason(content, message):
    with pytest.raises(ImportFileError, match=message):
        read_returns_file(content)


def test_a_file_over_the_size_limit_is_refused(settings):
    with pytest.raises(ImportFileError, match="smaller than 2 MB"):
        read_returns_file(b"indicator,period\n" + b"x" * (2 * 1024 * 1024))


# --- Numbers and periods --------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("1,319", (Decimal("1319"), False)),
    ("12,345,678.5", (Decimal("12345678.5"), False)),
    ("-2.1", (Decimal("-2.1"), False)),
    (" 17.9% ", (Decimal("17.9"), True)),
    ("", (None, False)),
    (None, (None, False)),
    (142, (Decimal("142"), False)),
    (31.1, (Decimal("31.1"), False)),
])
def test_numbers_with_thousands_separators_and_percent_signs(raw, expected):
    assert parse_number(raw, column="value", percent_allowed=True) == expected


@pytest.mark.parametrize("raw", ["abc", "1,31", "12,34.5", "1.2.3", "£5", "5 offences", "N/A",
                                 "1e3", True])
def test_anything_else_is_not_a_number(raw):
    with pytest.raises(ValueError, match="not a number"):
        parse_number(raw, column="value", percent_allowed=True)


def test_a_percent_sign_where_no_percentage_is_allowed():
    with pytest.raises(ValueError, match="is a percentage; this figure is not one"):
        parse_number("12%", column="value", percent_allowed=False)


@pytest.mark.parametrize(("raw", "expected"), [
    ("2018-01", dt.date(2018, 1, 1)),
    (dt.datetime(2017, 12, 1), dt.date(2017, 12, 1)),
    (dt.date(2017, 12, 1), dt.date(2017, 12, 1)),
])
def test_periods(raw, expected):
    assert parse_period(raw) == expected


@pytest.mark.parametrize(("raw", "message"), [
    ("", "Period is missing"),
    ("Jan-18", 'Period "Jan-18" is not a month written YYYY-MM'),
    ("2018-13", "not a month"),
    ("2018-01-15", "not a month"),
    (dt.date(2018, 1, 15), "is a day, not a month"),
])
def test_bad_periods(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_period(raw)


# --- Checking rows --------------------------------------------------------------------------


def test_good_rows_become_return_rows_with_only_the_files_columns(setup):
    board, indicators, clerk, _ = setup
    check = _check(board, clerk, _csv(
        "indicator,period,value,london_change_pct,performance_overview",
        '2,2018-01,"1,319",13.0%,Up 26.1%',
        "20,2018-01,17.9%,,",
        "6,2017-12,140,,",
    ))
    assert check.ok and check.skipped == 0
    assert [(r.number, r.indicator.reference, r.period, r.values) for r in check.rows] == [
        (2, "2", dt.date(2018, 1, 1), {
            "value": Decimal("1319"), "london_change_pct": Decimal("13.0"),
            "performance_overview": "Up 26.1%",
        }),
        (3, "20", dt.date(2018, 1, 1), {
            "value": Decimal("17.9"), "london_change_pct": None, "performance_overview": "",
        }),
        (4, "6", dt.date(2017, 12, 1), {
            "value": Decimal("140"), "london_change_pct": None, "performance_overview": "",
        }),
    ]


def test_references_match_without_regard_to_case_or_spaces(setup):
    board, _, clerk, _ = setup
    check = _check(board, clerk, _csv("indicator,period,value", " 1A ,2018-01,4.5"))
    assert check.ok and check.rows[0].indicator.reference == "1a"


def test_rows_with_no_figures_are_skipped(setup):
    board, _, clerk, _ = setup
    check = _check(board, clerk, _csv("indicator,period,value,fytd_reported",
                                      "2,2018-01,,", "19,2018-01,5,"))
    assert check.ok and check.skipped == 1
    assert [r.indicator.reference for r in check.rows] == ["19"]


REFUSED = [
    (",2018-01,5", "Indicator is missing"),
    ("99,2018-01,5", 'There is no indicator "99" on Community Safety Partnership Board'),
    ("12,2018-01,5", "Indicator 12 is in development and takes no returns"),
    ("2,,5", "Period is missing"),
    ("2,January 2018,5", 'Period "January 2018" is not a month written YYYY-MM, e.g. 2018-01'),
    ("2,2018-04,5", "Period 2018-04 has not started yet"),
    ("6,2018-01,140", "Indicator 6 is quarterly: the period must be a quarter's last month "
                      "(March, June, September or December)"),
    ("2,2018-01,lots", 'value "lots" is not a number'),
    ("2,2018-01,5%", 'value "5%" is a percentage; this figure is not one'),
    ("1a,2018-01,2%", 'value "2%" is a percentage; this figure is not one'),
    ("2,2018-01,-3", "value -3 is negative; a count cannot be"),
    ("1a,2018-01,-0.5", "value -0.5 is negative; a rate per 1,000 cannot be"),
    ("2,2018-01,12.5", "value 12.5 is not a whole number; indicator 2 is a count"),
    ("20,2018-01,120%", "value 120% is a percentage outside 0% to 100%"),
    ("20,2018-01,-1", "value -1% is a percentage outside 0% to 100%"),
    ("1a,2018-01,1.234", "value 1.234 has more than 2 decimal places"),
    ("2,2018-01,1000000000000", "value 1000000000000 is too large"),
]


@pytest.mark.parametrize(("line", "reason"), REFUSED, ids=[r for _, r in REFUSED])
def test_every_reason_a_row_is_refused(setup, line, reason):
    board, _, clerk, _ = setup
    check = _check(board, clerk, _csv("indicator,period,value", line))
    assert not check.ok and check.rows == []
    assert _reasons(check) == {2: reason}


def test_fytd_and_london_change_are_checked_too(setup):
    board, _, clerk, _ = setup
    check = _check(board, clerk, _csv(
        "indicator,period,fytd_reported,london_change_pct",
        "20,2018-01,101,-2.1%",
        "2,2018-01,10,1e5",
        "2,2017-12,10,100000",
    ))
    assert _reasons(check) == {
        2: "fytd_reported 101% is a percentage outside 0% to 100%",
        3: 'london_change_pct "1e5" is not a number',
        4: "london_change_pct 100000 is too large",
    }


def test_text_longer_than_its_field_is_refused(setup):
    board, _, clerk, _ = setup
    check = _check(board, clerk, _csv(
        "indicator,period,london_comparator,cohort_label",
        f"2,2018-01,{'x' * 201},{'y' * 101}",
    ))
    assert _reasons(check) == {
        2: "london_comparator is longer than 200 characters; "
           "cohort_label is longer than 100 characters",
    }


def test_a_duplicate_indicator_and_period_names_the_first_row(setup):
    board, _, clerk, _ = setup
    check = _check(board, clerk, _csv(
        "indicator,period,value", "2,2018-01,5", "19,2018-01,6", "2,2018-01,7",
    ))
    assert _reasons(check) == {4: "Indicator 2 for 2018-01 is also on row 2"}


def test_every_bad_row_is_reported_and_no_row_is_kept(setup):
    board, _, clerk, _ = setup
    check = _check(board, clerk, _csv(
        "indicator,period,value", "2,2018-01,5", "99,2018-01,6", "19,2018-01,x", "20,2018-01,50",
    ))
    assert sorted(_reasons(check)) == [3, 4]
    assert check.rows == []


def test_all_reasons_of_one_row_are_given(setup):
    board, _, clerk, _ = setup
    check = _check(board, clerk, _csv("indicator,period,value", "99,2018,x"))
    assert check.errors[0].reasons == (
        'There is no indicator "99" on Community Safety Partnership Board',
        'Period "2018" is not a month written YYYY-MM, e.g. 2018-01',
        'value "x" is not a number',
    )


def test_a_subgroup_officer_may_import_only_their_subgroups_indicators(setup):
    board, _, _, vawg_officer = setup
    check = _check(board, vawg_officer, _csv(
        "indicator,period,value", "19,2018-01,180", "2,2018-01,176",
    ))
    assert _reasons(check) == {
        3: "You may not enter returns for indicator 2: it belongs to Safer Borough Board",
    }


def test_who_may_edit_which_indicators(setup):
    board, indicators, clerk, vawg_officer = setup
    chair = _user("chair", board, Membership.Role.CHAIR)
    board_officer = _user("board-officer", board, Membership.Role.OFFICER)

    def editable(user):
        access = BoardAccess(board=board, roles=user_board_roles(user, board))
        return {i.reference for i in indicators_editable_by(user=user, access=access)}

    assert editable(clerk) == editable(chair) == set(indicators)
    assert editable(vawg_officer) == {"19", "20"}
    # An officer of the board itself is no officer of its subgroups.
    assert editable(board_officer) == set()


def test_xlsx_rows_are_checked_like_csv_rows(setup):
    board, _, clerk, _ = setup
    content = workbook_bytes([
        {"indicator": "20", "period": "2018-01", "value": 0.179},
        {"indicator": 2, "period": dt.datetime(2018, 1, 1), "value": 176},
        {"indicator": "19", "period": "2018-01", "value": "1,2"},
    ], formats={"value": "0.0%"})
    check = _check(board, clerk, content)
    assert _reasons(check) == {
        3: 'value "17600%" is a percentage; this figure is not one',
        4: 'value "1,2" is not a number',
    }


# --- Templates ------------------------------------------------------------------------------


def test_templates_round_trip_through_the_reader():
    rows = template_rows(["1a", "2"], dt.date(2018, 1, 1))
    for content in (template_csv(rows), template_xlsx(rows, [("1a", "VWI", "Count", "Monthly")])):
        table = read_returns_file(content)
        assert [(r.cells["indicator"], r.cells["period"]) for r in table.rows] == [
            ("1a", "2018-01"), ("2", "2018-01"),
        ]
    assert template_csv(rows).startswith(b"\xef\xbb\xbfindicator,period,value,")
