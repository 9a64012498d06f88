"""Two imports touching the same returns in opposite row orders, at the same time, on
PostgreSQL: both finish, one after the other, instead of deadlocking (issue 9: 3 of 3
rounds deadlocked). SQLite serialises writers anyway (IMMEDIATE transactions)."""
import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections

from indicators.imports import services as import_services
from indicators.imports.checks import ReturnRow
from indicators.models import IndicatorReturn
from tests.factories import IndicatorFactory, IndicatorReturnFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

APRIL, MAY = dt.date(2017, 4, 1), dt.date(2017, 5, 1)


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and deadlocks are PostgreSQL's; SQLite takes one writer at a time")


def test_imports_in_opposite_orders_do_not_deadlock(postgres_only, monkeypatch):
    indicator = IndicatorFactory(reference="1a")
    for period in (APRIL, MAY):
        IndicatorReturnFactory(indicator=indicator, period=period, value=Decimal("1"))
    user = UserFactory()
    real_save = import_services.indicator_return_save

    def slow_save(**kwargs):
        # Holds the first row's lock long enough for the other import to take its first.
        result = real_save(**kwargs)
        time.sleep(0.5)
        return result

    monkeypatch.setattr(import_services, "indicator_return_save", slow_save)

    def rows(periods, value):
        return [ReturnRow(number=n, indicator=indicator, period=p, values={"value": value})
                for n, p in enumerate(periods, start=2)]

    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run(periods, value):
        try:
            start.wait()
            import_services.indicator_returns_import(
                board=indicator.board, rows=rows(periods, value), actor=user, submit=False)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=([APRIL, MAY], "10")),
               threading.Thread(target=run, args=([MAY, APRIL], "20"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    stored = IndicatorReturn.objects.filter(indicator=indicator)
    values = set(stored.values_list("value", flat=True))
    # One import ran after the other: both rows hold the later import's figure.
    assert values in ({Decimal("10")}, {Decimal("20")})
