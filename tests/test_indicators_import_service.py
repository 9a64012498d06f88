"""indicators.imports.services: saving a checked returns file, all or nothing, idempotently."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from boards.access import BoardAccess, user_board_roles
from boards.demo.loader import load_demo
from boards.models import Board
from csp_portal.models import AuditEntry
from indicators.imports import services as services_import
from indicators.imports.checks import check_returns, read_returns_file
from indicators.imports.services import indicator_returns_import
from indicators.models import Indicator, IndicatorReturn
from tests.factories import BoardFactory, IndicatorFactory, IndicatorReturnFactory, UserFactory
from tests.indicator_workbook import DEMO_BOARD, demo_return_rows, demo_workbook

JAN = dt.date(2018, 1, 1)
DEC = dt.date(2017, 12, 1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db):
    return UserFactory(username="analyst-admin", is_staff=True)


def _rows(board: Board, user, content: bytes):
    access = BoardAccess(board=board, roles=user_board_roles(user, board))
    check = check_returns(
        table=read_returns_file(content), user=user, access=access, today=timezone.localdate()
    )
    assert check.ok, check.errors
    return check.rows


def _import(board, user, content: bytes, *, submit=False):
    return indicator_returns_import(
        board=board, rows=_rows(board, user, content), actor=user, submit=submit,
        file_name="returns.csv",
    )


@pytest.fixture
def board(db):
    board = BoardFactory(slug="bd-csp")
    IndicatorFactory(board=board, reference="2", name="Burglary")
    IndicatorFactory(board=board, reference="3", name="Criminal damage")
    return board


FILE = (
    b"indicator,period,value,fytd_reported,performance_overview\n"
    b'2,2018-01,176,"1,319",Up 26.1%\n'
    b"2,2017-12,144,,\n"
    b"3,2018-01,150,1497,\n"
)


def test_an_import_creates_the_returns_and_reports_the_counts(board, staff):
    outcome = _import(board, staff, FILE)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (3, 0, 0)
    assert outcome.summary() == "3 returns created, 0 updated, 0 unchanged"
    burglary = IndicatorReturn.objects.get(indicator__reference="2", period=JAN)
    assert (burglary.value, burglary.fytd_reported, burglary.performance_overview) == (
        Decimal("176.00"), Decimal("1319.00"), "Up 26.1%",
    )
    assert burglary.status == IndicatorReturn.Status.DRAFT
    assert AuditEntry.objects.filter(action="indicator_return.created").count() == 3
    entry = AuditEntry.objects.get(action="indicator_returns.imported")
    assert entry.object_id == str(board.pk) and entry.actor == staff
    assert entry.detail == {"file": "returns.csv", "created": 3, "updated": 0, "unchanged": 0,
                            "submitted": 0, "not_submitted": 0}


def test_importing_the_same_file_again_changes_nothing(board, staff):
    _import(board, staff, FILE)
    audits = AuditEntry.objects.count()
    stamps = list(IndicatorReturn.objects.values_list("pk", "updated_at"))
    outcome = _import(board, staff, FILE)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 3)
    assert AuditEntry.objects.count() == audits
    assert list(IndicatorReturn.objects.values_list("pk", "updated_at")) == stamps


def test_a_changed_figure_updates_and_sends_an_approved_return_back_to_draft(board, staff):
    approved = IndicatorReturnFactory(
        indicator=Indicator.objects.get(reference="2"), period=JAN, value=Decimal("170"),
        status=IndicatorReturn.Status.APPROVED,
    )
    outcome = _import(board, staff, b"indicator,period,value\n2,2018-01,176\n3,2018-01,150\n")
    assert (outcome.created, outcome.updated, outcome.unchanged) == (1, 1, 0)
    approved.refresh_from_db()
    assert approved.value == Decimal("176") and approved.status == IndicatorReturn.Status.DRAFT


def test_columns_left_out_of_the_file_are_left_alone(board, staff):
    ret = IndicatorReturnFactory(
        indicator=Indicator.objects.get(reference="2"), period=JAN, value=Decimal("170"),
        performance_overview="Written on the return page.",
    )
    _import(board, staff, b"indicator,period,value\n2,2018-01,176\n")
    ret.refresh_from_db()
    assert ret.value == Decimal("176")
    assert ret.performance_overview == "Written on the return page."


def test_submit_for_approval_submits_the_imported_drafts_with_a_figure(board, staff):
    IndicatorReturnFactory(
        indicator=Indicator.objects.get(reference="3"), period=DEC, value=Decimal("9"),
        status=IndicatorReturn.Status.APPROVED,
    )
    content = (b"indicator,period,value,performance_overview\n"
               b"2,2018-01,176,\n3,2017-12,9,\n3,2018-01,,Figures to follow\n")
    outcome = _import(board, staff, content, submit=True)
    assert (outcome.created, outcome.unchanged, outcome.submitted, outcome.not_submitted) == (
        2, 1, 1, 1,
    )
    statuses = dict(
        IndicatorReturn.objects.filter(indicator__reference="3").values_list("period", "status")
    )
    assert statuses == {DEC: "approved", JAN: "draft"}
    burglary = IndicatorReturn.objects.get(indicator__reference="2")
    assert burglary.status == "submitted" and burglary.submitted_by == staff
    assert outcome.summary() == (
        "2 returns created, 0 updated, 1 unchanged; 1 submitted for approval; "
        "1 left as draft with no figure to submit"
    )


def test_a_failure_part_way_saves_nothing(board, staff, monkeypatch):
    rows = _rows(board, staff, FILE)
    real_save = services_import.indicator_return_save
    calls = []

    def failing_save(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise ValidationError("database said no")
        return real_save(**kwargs)

    monkeypatch.setattr(services_import, "indicator_return_save", failing_save)
    with pytest.raises(ValidationError):
        indicator_returns_import(board=board, rows=rows, actor=staff, submit=False)
    assert IndicatorReturn.objects.count() == 0
    assert AuditEntry.objects.count() == 0


_COMPARED = ("value", "fytd_reported", "london_change_pct", "london_comparator", "cohort_label",
             "performance_overview", "actions_to_improve")


def test_the_demo_workbook_imports_every_return_of_the_28_march_2018_board(staff):
    load_demo()
    board = Board.objects.get(slug=DEMO_BOARD)
    loaded = {
        (r.indicator.reference, r.period): tuple(getattr(r, f) for f in _COMPARED)
        for r in IndicatorReturn.objects.filter(indicator__board=board).select_related(
            "indicator"
        )
    }
    assert len(loaded) == len(demo_return_rows()) == 127
    IndicatorReturn.objects.filter(indicator__board=board).delete()

    content = demo_workbook()
    outcome = _import(board, staff, content)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (127, 0, 0)
    imported = {
        (r.indicator.reference, r.period): tuple(getattr(r, f) for f in _COMPARED)
        for r in IndicatorReturn.objects.filter(indicator__board=board).select_related(
            "indicator"
        )
    }
    assert imported == loaded
    burglary = IndicatorReturn.objects.get(indicator__board=board, indicator__reference="2",
                                           period=JAN)
    assert (burglary.value, burglary.fytd_reported) == (Decimal("176"), Decimal("1319"))

    audits = AuditEntry.objects.count()
    again = _import(board, staff, content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 127)
    assert AuditEntry.objects.count() == audits
