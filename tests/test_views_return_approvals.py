"""Approving returns: the approvals page, approve, and send back with a reason."""
import datetime as dt

import pytest
from django.urls import reverse

from boards.models import Membership
from indicators.models import IndicatorReturn
from tests.factories import (
    IndicatorFactory,
    IndicatorReturnFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    indicator = IndicatorFactory(reference="1a", name="Burglary")
    return IndicatorReturnFactory(indicator=indicator, period=dt.date(2018, 1, 1),
                                  status="submitted")


@pytest.fixture
def chair(submitted):
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), board=submitted.indicator.board,
                      role=Membership.Role.CHAIR)
    return user


def _slug(ret):
    return ret.indicator.board.slug


def test_lists_submitted_returns_by_indicator(client, submitted, chair):
    IndicatorReturnFactory(indicator=submitted.indicator, period=dt.date(2017, 12, 1))
    client.force_login(chair)
    body = client.get(
        reverse("indicators:return_approvals", kwargs={"slug": _slug(submitted)})
    ).content.decode()
    assert "1a Burglary" in body and "January 2018" in body
    assert "December 2017" not in body  # already approved


def test_approve(client, submitted, chair):
    client.force_login(chair)
    response = client.post(reverse("indicators:return_approve", kwargs={
        "slug": _slug(submitted), "pk": submitted.pk,
    }), follow=True)
    submitted.refresh_from_db()
    assert submitted.status == IndicatorReturn.Status.APPROVED
    assert submitted.approved_by == chair
    assert "approved" in response.content.decode()


def test_send_back_needs_a_reason(client, submitted, chair):
    client.force_login(chair)
    url = reverse("indicators:return_send_back", kwargs={
        "slug": _slug(submitted), "pk": submitted.pk,
    })
    response = client.post(url, {"reason": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body and f'href="#reason-{submitted.pk}"' in body
    response = client.post(url, {"reason": "January looks low"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == IndicatorReturn.Status.DRAFT


def test_return_of_another_board_is_not_found(client, submitted, chair):
    other = IndicatorReturnFactory(status="submitted")
    client.force_login(chair)
    response = client.post(reverse("indicators:return_approve", kwargs={
        "slug": _slug(submitted), "pk": other.pk,
    }))
    assert response.status_code == 404
