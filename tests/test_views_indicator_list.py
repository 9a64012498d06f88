"""The board's indicators grouped by owning subgroup, with the latest return's status."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.models import Membership
from tests.factories import (
    IndicatorFactory,
    IndicatorReturnFactory,
    SubgroupFactory,
)
from tests.fixtures.boards import board_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(board):
    return board_user(board, Membership.Role.MEMBER)


def _url(board):
    return reverse("indicators:indicator_list", kwargs={"slug": board.slug})


def test_groups_by_subgroup_with_latest_status(client, board, member):
    vawg = SubgroupFactory(parent=board, name="VAWG")
    asb = SubgroupFactory(parent=board, name="ASB")
    burglary = IndicatorFactory(board=board, owning_subgroup=asb, reference="1a", name="Burglary")
    IndicatorFactory(board=board, owning_subgroup=vawg, reference="5", name="Domestic abuse")
    IndicatorReturnFactory(indicator=burglary, period=dt.date(2017, 12, 1), status="approved")
    IndicatorReturnFactory(indicator=burglary, period=dt.date(2018, 1, 1), status="submitted")
    client.force_login(member)
    body = client.get(_url(board)).content.decode()
    assert body.index("ASB") < body.index("Burglary") < body.index("VAWG") < body.index(
        "Domestic abuse"
    )
    assert "January 2018" in body and "Submitted" in body and "No return" in body
    assert "Define an indicator" not in body  # a member keeps no indicators


def test_query_count_does_not_grow_with_indicators(client, board, member):
    subgroup = SubgroupFactory(parent=board)
    first = IndicatorFactory(board=board, owning_subgroup=subgroup)
    IndicatorReturnFactory(indicator=first)
    client.force_login(member)
    client.get(_url(board))
    with CaptureQueriesContext(connection) as one:
        client.get(_url(board))
    for _ in range(5):
        other = SubgroupFactory(parent=board)
        indicator = IndicatorFactory(board=board, owning_subgroup=other)
        IndicatorReturnFactory(indicator=indicator)
    with CaptureQueriesContext(connection) as many:
        client.get(_url(board))
    assert len(many) == len(one)
