import datetime as dt

import pytest

from actions.models import Action
from actions.selectors import action_log_carried_forward
from tests.factories import ActionFactory, BoardFactory, MeetingFactory


@pytest.mark.django_db
def test_a_meeting_reviews_every_open_action_of_its_boards_earlier_meetings():
    board = BoardFactory()
    september = MeetingFactory(board=board, start=dt.datetime(2017, 9, 12, 10, tzinfo=dt.UTC))
    december = MeetingFactory(board=board, start=dt.datetime(2017, 12, 13, 13, tzinfo=dt.UTC))
    march = MeetingFactory(board=board, start=dt.datetime(2018, 3, 28, 10, tzinfo=dt.UTC))
    old_open = ActionFactory(raised_at=september, number=1)
    recent_open = ActionFactory(raised_at=december, number=2)
    ActionFactory(raised_at=december, number=3, status=Action.Status.CLOSED)
    ActionFactory(raised_at=december, number=4, merged_into=recent_open)
    ActionFactory(raised_at=march, number=5)
    ActionFactory(raised_at=MeetingFactory(start=september.start), number=1)  # another board

    assert list(action_log_carried_forward(meeting=march)) == [old_open, recent_open]
    assert list(action_log_carried_forward(meeting=december)) == [old_open]


@pytest.mark.django_db
def test_the_carried_forward_log_costs_the_same_queries_for_many_actions(
    django_assert_num_queries,
):
    meeting = MeetingFactory(start=dt.datetime(2018, 3, 28, 10, tzinfo=dt.UTC))
    earlier = MeetingFactory(board=meeting.board, start=dt.datetime(2017, 12, 13, tzinfo=dt.UTC))
    for n in range(1, 21):
        ActionFactory(raised_at=earlier, number=n)
    # The actions, their lead people and their lead organisations.
    with django_assert_num_queries(3):
        actions = list(action_log_carried_forward(meeting=meeting))
        assert all(a.raised_at.start < meeting.start for a in actions)
        assert [list(a.lead_people.all()) for a in actions]
