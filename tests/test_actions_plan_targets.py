"""Targets as plans write them: a date, a month, "TBC" or "Ongoing" (actions.plan.targets)."""
import datetime as dt

import pytest

from actions.plan.targets import Target, parse_date, parse_target


@pytest.mark.parametrize(("written", "target", "shown"), [
    ("2018-02-28", Target(date=dt.date(2018, 2, 28)), "2018-02-28"),
    ("28/02/2018", Target(date=dt.date(2018, 2, 28)), "2018-02-28"),
    ("28 February 2018", Target(date=dt.date(2018, 2, 28)), "2018-02-28"),
    (dt.datetime(2018, 2, 28, 0, 0), Target(date=dt.date(2018, 2, 28)), "2018-02-28"),
    ("October 2017", Target(date=dt.date(2017, 10, 31), is_month=True), "October 2017"),
    ("Feb 2020", Target(date=dt.date(2020, 2, 29), is_month=True), "February 2020"),
    ("TBC", Target(tbc=True), "TBC"),
    (" date tbc ", Target(tbc=True), "TBC"),
    ("Ongoing", Target(ongoing=True), "Ongoing"),
    ("on-going", Target(ongoing=True), "Ongoing"),
])
def test_every_way_a_plan_writes_a_target(written, target, shown):
    assert parse_target(written) == target
    assert target.text() == shown
    assert parse_target(target.text()) == target


@pytest.mark.parametrize(("written", "message"), [
    ("", "Target date is missing"),
    ("soon", 'Target date "soon" is not a date, a month like "October 2017"'),
    ("31/02/2018", 'Target date "31/02/2018" is not a date'),
    ("Octember 2017", "is not a date, a month"),
])
def test_a_target_that_is_none_of_them_says_so(written, message):
    with pytest.raises(ValueError, match=message):
        parse_target(written)


def test_a_date_is_read_day_first_and_must_exist():
    assert parse_date("3/4/2018") == dt.date(2018, 4, 3)
    assert parse_date("") is None
    with pytest.raises(ValueError, match='Review date "2018-13-01" is not a date|not a real'):
        parse_date("2018-13-01", label="Review date")
