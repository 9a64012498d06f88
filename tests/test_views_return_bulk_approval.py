"""Approving many returns at once: select them, confirm once, each approval audited."""
import datetime as dt

import pytest
from django.urls import reverse

from csp_portal.models import AuditEntry
from indicators.models import IndicatorReturn
from tests.factories import (
    BoardFactory,
    IndicatorFactory,
    IndicatorReturnFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MONTHS = [dt.date(2017, m, 1) for m in range(4, 13)] + [dt.date(2018, m, 1) for m in (1, 2, 3)]


@pytest.fixture
def board():
    return BoardFactory(slug="bd-csp")


@pytest.fixture
def returns(board):
    burglary = IndicatorFactory(board=board, reference="2", name="Burglary")
    arson = IndicatorFactory(board=board, reference="5", name="Arson")
    return [IndicatorReturnFactory(indicator=i, period=p, status="submitted")
            for i in (burglary, arson) for p in MONTHS]


@pytest.fixture
def chair(client, board):
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user), role="chair")
    client.force_login(user)
    return client


URL = reverse("indicators:return_approve_selected", args=["bd-csp"])


def test_a_year_of_two_indicators_is_approved_with_one_confirmation(chair, returns):
    page = chair.get(reverse("indicators:return_approvals", args=["bd-csp"])).content.decode()
    assert page.count('form="approve-selected"') == len(returns)
    chosen = [str(r.pk) for r in returns]
    confirm = chair.post(URL, {"returns": chosen})
    assert confirm.status_code == 200
    assert "Approve 24 returns?" in confirm.content.decode()
    assert not IndicatorReturn.objects.filter(status="approved").exists()

    done = chair.post(URL, {"returns": chosen, "confirm": "yes"}, follow=True)
    assert "24 returns approved." in done.content.decode()
    assert IndicatorReturn.objects.filter(status="approved").count() == 24
    entries = AuditEntry.objects.filter(action="indicator_return.approved")
    assert entries.count() == 24 and {e.actor_id for e in entries} == {
        returns[0].indicator.board.memberships.get().person.user_id}


def test_only_the_ticked_returns_are_approved(chair, returns):
    chair.post(URL, {"returns": [returns[0].pk, returns[13].pk], "confirm": "yes"})
    approved = set(IndicatorReturn.objects.filter(status="approved").values_list("pk",
                                                                                 flat=True))
    assert approved == {returns[0].pk, returns[13].pk}


def test_one_return_that_cannot_be_approved_stops_them_all(chair, returns):
    returns[5].status = "draft"
    returns[5].save()
    other_board = IndicatorReturnFactory(status="submitted")
    response = chair.post(URL, {"returns": [r.pk for r in returns[:8]] + [other_board.pk],
                                "confirm": "yes"}, follow=True)
    html = response.content.decode()
    assert "Only submitted returns can be approved: 2 September 2017 is draft" in html
    assert not IndicatorReturn.objects.filter(status="approved").exclude(
        pk=other_board.pk).exists()
    other_board.refresh_from_db()
    assert other_board.status == "submitted"  # another board's: never selected


def test_nothing_selected_goes_back_with_a_message(chair, returns):
    response = chair.post(URL, {}, follow=True)
    assert "Select the returns to approve." in response.content.decode()
