"""The return grid: a financial year's figures of one indicator, saved and submitted."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.models import Membership
from csp_portal.models import AuditEntry
from indicators.models import Indicator, IndicatorReturn
from tests.factories import (
    IndicatorFactory,
    IndicatorReturnFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _user(board, role):
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), board=board, role=role)
    return user


@pytest.fixture
def indicator():
    return IndicatorFactory(reference="1a", name="Burglary")


@pytest.fixture
def editor(indicator):
    return _user(indicator.owning_subgroup, Membership.Role.OFFICER)


def _url(indicator, year=2017):
    return reverse("indicators:return_grid", kwargs={
        "slug": indicator.board.slug, "reference": indicator.reference, "year": year,
    })


def _post_data(rows=12, **cells):
    data = {
        "returns-TOTAL_FORMS": str(rows), "returns-INITIAL_FORMS": str(rows),
        "returns-MIN_NUM_FORMS": "0", "returns-MAX_NUM_FORMS": "12",
        "performance_overview": "", "actions_to_improve": "", "action": "save",
    }
    for i in range(rows):
        for name in ("value", "fytd_reported", "london_change_pct", "london_comparator"):
            data[f"returns-{i}-{name}"] = ""
    data.update(cells)
    return data


def test_shows_twelve_months_with_last_years_figures(client, indicator, editor):
    IndicatorReturnFactory(indicator=indicator, period=dt.date(2016, 4, 1), value=Decimal("321"))
    IndicatorReturnFactory(indicator=indicator, period=dt.date(2017, 4, 1), value=Decimal("99"),
                           fytd_reported=Decimal("101"))
    client.force_login(editor)
    response = client.get(_url(indicator))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('name="returns-') >= 12 * 4
    assert "April 2017" in body and "March 2018" in body
    assert "321" in body
    assert "Differs" in body  # reported FYTD 101 against the months' sum 99


def test_quarterly_indicator_has_four_rows(client, editor, indicator):
    indicator.frequency = Indicator.Frequency.COHORT
    indicator.save()
    client.force_login(editor)
    body = client.get(_url(indicator)).content.decode()
    assert 'name="returns-3-cohort_label"' in body
    assert 'name="returns-4-value"' not in body
    assert "Q4 (Jan–Mar) 2017/18" in body


def test_saves_figures_and_commentary_on_the_latest_month(client, indicator, editor):
    client.force_login(editor)
    response = client.post(_url(indicator), _post_data(**{
        "returns-0-value": "110", "returns-1-value": "120", "returns-1-fytd_reported": "230",
        "performance_overview": "Up on last year.",
    }))
    assert response.status_code == 302
    returns = list(IndicatorReturn.objects.order_by("period"))
    assert [r.value for r in returns] == [Decimal("110"), Decimal("120")]
    assert returns[1].performance_overview == "Up on last year."
    assert all(r.status == "draft" for r in returns)
    again = client.post(_url(indicator), _post_data(**{
        "returns-0-value": "110", "returns-1-value": "120", "returns-1-fytd_reported": "230",
        "performance_overview": "Up on last year.",
    }))
    assert again.status_code == 302
    assert AuditEntry.objects.filter(action="indicator_return.updated").count() == 0


def test_invalid_value_reshows_everything_typed(client, indicator, editor):
    client.force_login(editor)
    response = client.post(_url(indicator), _post_data(**{
        "returns-0-value": "110", "returns-1-value": "12a", "performance_overview": "Kept",
    }))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "There is a problem" in body
    assert 'href="#id_returns-1-value"' in body
    assert 'value="12a"' in body and 'value="110"' in body and "Kept" in body
    assert not IndicatorReturn.objects.exists()


def test_submit_for_approval(client, indicator, editor):
    client.force_login(editor)
    response = client.post(_url(indicator), _post_data(
        **{"returns-0-value": "110", "action": "submit"}
    ))
    assert response.status_code == 302
    ret = IndicatorReturn.objects.get()
    assert ret.status == "submitted" and ret.submitted_by == editor


def test_member_of_the_subgroups_board_cannot_edit(client, indicator):
    client.force_login(_user(indicator.board, Membership.Role.OFFICER))
    assert client.get(_url(indicator)).status_code == 403


def test_query_count_does_not_grow_with_returns(client, indicator, editor):
    client.force_login(editor)
    client.get(_url(indicator))
    with CaptureQueriesContext(connection) as few:
        client.get(_url(indicator))
    for month in range(4, 13):
        IndicatorReturnFactory(indicator=indicator, period=dt.date(2017, month, 1))
        IndicatorReturnFactory(indicator=indicator, period=dt.date(2016, month, 1))
    with CaptureQueriesContext(connection) as many:
        client.get(_url(indicator))
    assert len(many) == len(few)
