"""indicators.returns.services: saving, submitting, approving and overriding KPI returns."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from boards.models import Membership
from csp_portal.models import AuditEntry
from indicators.models import IndicatorReturn
from indicators.performance import FinancialYear
from indicators.returns import services
from tests.factories import (
    IndicatorFactory,
    IndicatorReturnFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JAN = dt.date(2018, 1, 1)


def _user_with_role(board, role):
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), board=board, role=role)
    return user


@pytest.fixture
def indicator():
    return IndicatorFactory()


@pytest.fixture
def officer(indicator):
    return _user_with_role(indicator.owning_subgroup, Membership.Role.OFFICER)


@pytest.fixture
def chair(indicator):
    return _user_with_role(indicator.board, Membership.Role.CHAIR)


def _audits(ret):
    return AuditEntry.objects.filter(object_type="indicators.indicatorreturn", object_id=ret.pk)


def test_save_creates_return_with_audit_detail(indicator, officer):
    ret, changed = services.indicator_return_save(
        indicator=indicator, period=JAN, actor=officer,
        values={"value": "120", "performance_overview": " Down on last year. "},
    )
    assert changed
    ret.refresh_from_db()
    assert ret.value == Decimal("120")
    assert ret.performance_overview == "Down on last year."
    assert ret.status == IndicatorReturn.Status.DRAFT
    entry = _audits(ret).get()
    assert entry.action == "indicator_return.created"
    assert entry.actor == officer
    assert entry.detail == {
        "value": [None, "120.00"],
        "performance_overview": ["", "Down on last year."],
    }


def test_saving_same_values_changes_nothing(indicator, officer):
    ret, _ = services.indicator_return_save(
        indicator=indicator, period=JAN, actor=officer, values={"value": "120", "cohort_label": ""}
    )
    updated_at = IndicatorReturn.objects.get().updated_at
    again, changed = services.indicator_return_save(
        indicator=indicator, period=JAN, actor=officer,
        values={"value": Decimal("120.00"), "cohort_label": None},
    )
    assert not changed
    assert again.pk == ret.pk
    assert IndicatorReturn.objects.get().updated_at == updated_at
    assert _audits(ret).count() == 1


def test_empty_values_create_nothing(indicator, officer):
    ret, changed = services.indicator_return_save(
        indicator=indicator, period=JAN, actor=officer,
        values={"value": "", "london_comparator": ""},
    )
    assert not changed and ret.pk is None
    assert not IndicatorReturn.objects.exists()
    assert not AuditEntry.objects.exists()


def test_update_records_old_and_new(indicator, officer):
    ret = IndicatorReturnFactory(indicator=indicator, period=JAN, value=Decimal("100"),
                                 status="draft")
    services.indicator_return_save(
        indicator=indicator, period=JAN, actor=officer, values={"value": 101, "fytd_reported": 900}
    )
    entry = _audits(ret).get()
    assert entry.action == "indicator_return.updated"
    assert entry.detail == {"value": ["100.00", "101.00"], "fytd_reported": [None, "900.00"]}


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_changing_submitted_or_approved_return_sends_it_back_to_draft(indicator, officer, status):
    ret = IndicatorReturnFactory(indicator=indicator, period=JAN, status=status,
                                 approved_by=officer, submitted_by=officer)
    services.indicator_return_save(
        indicator=indicator, period=JAN, actor=officer, values={"value": "99"}
    )
    ret.refresh_from_db()
    assert ret.status == "draft"
    assert ret.approved_by is None and ret.submitted_by is None
    entry = _audits(ret).get()
    assert entry.detail["status"] == [status, "draft"]
    assert "sent back to draft" in entry.summary


def test_period_must_be_first_of_month(indicator, officer):
    with pytest.raises(ValidationError) as exc:
        services.indicator_return_save(
            indicator=indicator, period=dt.date(2018, 1, 15), actor=officer, values={"value": 1}
        )
    assert "first day of a month" in str(exc.value)


def test_figure_that_is_not_a_number_is_a_validation_error(indicator, officer):
    with pytest.raises(ValidationError) as exc:
        services.indicator_return_save(
            indicator=indicator, period=JAN, actor=officer, values={"value": "12a"}
        )
    assert "value" in exc.value.message_dict
    assert not IndicatorReturn.objects.exists()


def test_unknown_field_is_refused(indicator, officer):
    with pytest.raises(ValueError):
        services.indicator_return_save(
            indicator=indicator, period=JAN, actor=officer, values={"status": "approved"}
        )


def test_submit_then_approve(indicator, officer, chair):
    ret = IndicatorReturnFactory(indicator=indicator, period=JAN, status="draft")
    services.indicator_return_submit(indicator_return=ret, actor=officer)
    ret.refresh_from_db()
    assert ret.status == "submitted" and ret.submitted_by == officer and ret.submitted_at
    services.indicator_return_approve(indicator_return=ret, actor=chair)
    ret.refresh_from_db()
    assert ret.status == "approved" and ret.approved_by == chair
    assert list(_audits(ret).order_by("id").values_list("action", flat=True)) == [
        "indicator_return.submitted", "indicator_return.approved",
    ]


def test_only_submitted_returns_can_be_approved(indicator, chair):
    ret = IndicatorReturnFactory(indicator=indicator, period=JAN, status="draft")
    with pytest.raises(ValidationError):
        services.indicator_return_approve(indicator_return=ret, actor=chair)


def test_officer_cannot_approve(indicator, officer):
    ret = IndicatorReturnFactory(indicator=indicator, period=JAN, status="submitted")
    with pytest.raises(PermissionDenied):
        services.indicator_return_approve(indicator_return=ret, actor=officer)


def test_submit_needs_a_draft_with_a_figure(indicator, officer):
    empty = IndicatorReturnFactory(indicator=indicator, period=JAN, status="draft", value=None)
    with pytest.raises(ValidationError, match="Enter a figure"):
        services.indicator_return_submit(indicator_return=empty, actor=officer)
    approved = IndicatorReturnFactory(indicator=indicator, period=dt.date(2018, 2, 1))
    with pytest.raises(ValidationError, match="Only a draft"):
        services.indicator_return_submit(indicator_return=approved, actor=officer)


def test_send_back_needs_reason(indicator, chair):
    ret = IndicatorReturnFactory(indicator=indicator, period=JAN, status="submitted")
    with pytest.raises(ValidationError) as exc:
        services.indicator_return_send_back(indicator_return=ret, actor=chair, reason="  ")
    assert "reason" in exc.value.message_dict
    services.indicator_return_send_back(indicator_return=ret, actor=chair, reason="Check March")
    ret.refresh_from_db()
    assert ret.status == "draft"
    entry = _audits(ret).get()
    assert entry.detail == {"status": ["submitted", "draft"], "reason": "Check March"}


def test_override_needs_reason_and_is_audited(indicator, chair):
    ret = IndicatorReturnFactory(indicator=indicator, period=JAN)
    with pytest.raises(ValidationError) as exc:
        services.indicator_return_override_rag(indicator_return=ret, actor=chair, rag="A",
                                               reason="")
    assert "reason" in exc.value.message_dict
    services.indicator_return_override_rag(
        indicator_return=ret, actor=chair, rag="A", reason="Data quality issue"
    )
    ret.refresh_from_db()
    assert (ret.rag_override, ret.rag_override_reason) == ("A", "Data quality issue")
    entry = _audits(ret).get()
    assert entry.detail == {
        "rag_override": ["", "A"], "rag_override_reason": ["", "Data quality issue"],
    }
    services.indicator_return_override_rag(indicator_return=ret, actor=chair, rag="", reason="x")
    ret.refresh_from_db()
    assert (ret.rag_override, ret.rag_override_reason) == ("", "")


def test_override_is_the_boards_decision(indicator, officer):
    ret = IndicatorReturnFactory(indicator=indicator, period=JAN)
    with pytest.raises(PermissionDenied):
        services.indicator_return_override_rag(indicator_return=ret, actor=officer, rag="G",
                                               reason="Because")


def test_bulk_submit_and_approve_a_year(indicator, officer, chair):
    for month in (dt.date(2017, 4, 1), dt.date(2017, 5, 1)):
        IndicatorReturnFactory(indicator=indicator, period=month, status="draft")
    IndicatorReturnFactory(indicator=indicator, period=dt.date(2017, 6, 1), status="draft",
                           value=None)
    IndicatorReturnFactory(indicator=indicator, period=dt.date(2018, 4, 1), status="draft")
    year = FinancialYear(2017)
    submitted = services.indicator_returns_submit(indicator=indicator, year=year, actor=officer)
    assert [r.period.month for r in submitted] == [4, 5]
    approved = services.indicator_returns_approve(indicator=indicator, year=year, actor=chair)
    assert len(approved) == 2
    assert IndicatorReturn.objects.filter(status="draft").count() == 2
