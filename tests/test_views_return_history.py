"""History of an indicator: every change with who, when, old and new."""
import datetime as dt

import pytest
from django.urls import reverse

from boards.models import Membership
from indicators.returns import services
from tests.factories import IndicatorFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_lists_each_change_with_who_and_old_and_new(client):
    indicator = IndicatorFactory(reference="1a")
    officer = UserFactory()
    MembershipFactory(person=PersonFactory(user=officer, name="Olu Officer"),
                      board=indicator.owning_subgroup, role=Membership.Role.OFFICER)
    jan = dt.date(2018, 1, 1)
    services.indicator_return_save(indicator=indicator, period=jan, actor=officer,
                                   values={"value": "120"})
    services.indicator_return_save(indicator=indicator, period=jan, actor=officer,
                                   values={"value": "125"})
    client.force_login(officer)
    response = client.get(reverse("indicators:return_history", kwargs={
        "slug": indicator.board.slug, "reference": "1a",
    }))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Olu Officer" in body and "January 2018" in body
    assert "Figure: 120.00 → 125.00" in body
    assert "Figure: (empty) → 120.00" in body
