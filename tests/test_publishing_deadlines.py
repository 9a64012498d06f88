"""The publication deadline: five clear working days (boards.publishing.deadlines)."""
import datetime as dt

import holidays
import pytest

from boards.publishing.deadlines import (
    clear_working_days,
    deadline_has_passed,
    is_working_day,
    publication_deadline,
)

D = dt.date


def test_seed_meeting_of_28_march_2018_publishes_by_20_march():
    assert clear_working_days(meeting_day=D(2018, 3, 28)) == [
        D(2018, 3, 21), D(2018, 3, 22), D(2018, 3, 23), D(2018, 3, 26), D(2018, 3, 27)
    ]
    assert publication_deadline(meeting_day=D(2018, 3, 28)) == D(2018, 3, 20)


def test_easter_bank_holidays_do_not_count():
    # Good Friday 30 March and Easter Monday 2 April 2018.
    assert clear_working_days(meeting_day=D(2018, 4, 4)) == [
        D(2018, 3, 26), D(2018, 3, 27), D(2018, 3, 28), D(2018, 3, 29), D(2018, 4, 3)
    ]
    # The day before the first clear day is a Sunday: the deadline is the Friday before.
    assert publication_deadline(meeting_day=D(2018, 4, 4)) == D(2018, 3, 23)


def test_christmas_and_new_year_do_not_count():
    # 25, 26 December 2018 and 1 January 2019 are bank holidays.
    assert clear_working_days(meeting_day=D(2019, 1, 3)) == [
        D(2018, 12, 24), D(2018, 12, 27), D(2018, 12, 28), D(2018, 12, 31), D(2019, 1, 2)
    ]
    assert publication_deadline(meeting_day=D(2019, 1, 3)) == D(2018, 12, 21)


def test_monday_meeting_counts_back_over_the_weekend():
    # Monday 16 April 2018: clear days 9 to 13 April; deadline Friday 6 April.
    assert publication_deadline(meeting_day=D(2018, 4, 16)) == D(2018, 4, 6)


def test_working_days():
    assert is_working_day(D(2018, 3, 20))
    assert not is_working_day(D(2018, 3, 24))  # Saturday
    assert not is_working_day(D(2018, 5, 7))  # early May bank holiday
    assert not is_working_day(D(2018, 8, 27))  # summer bank holiday


@pytest.mark.parametrize(("today", "passed"), [
    (D(2018, 3, 19), False), (D(2018, 3, 20), False), (D(2018, 3, 21), True),
])
def test_deadline_has_passed_only_after_the_deadline_day(today, passed):
    assert deadline_has_passed(meeting_day=D(2018, 3, 28), today=today) is passed


def test_england_and_wales_share_their_bank_holidays():
    years = range(2015, 2036)
    england = holidays.country_holidays("GB", subdiv="ENG", years=years)
    wales = holidays.country_holidays("GB", subdiv="WLS", years=years)
    assert set(england) == set(wales)
