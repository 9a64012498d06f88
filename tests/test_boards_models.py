import datetime as dt

import pytest

from boards.models import Membership
from tests.factories import BoardFactory, MembershipFactory


@pytest.mark.django_db
def test_memberships_current_on_a_day():
    board = BoardFactory()
    open_ended = MembershipFactory(board=board)
    ended = MembershipFactory(board=board, end_date=dt.date(2017, 12, 13))
    starts_later = MembershipFactory(board=board, start_date=dt.date(2018, 4, 1))
    on_day = MembershipFactory(
        board=board, start_date=dt.date(2018, 3, 28), end_date=dt.date(2018, 3, 28)
    )

    current = set(Membership.objects.current_on(dt.date(2018, 3, 28)))
    assert current == {open_ended, on_day}
    assert set(board.memberships.current_on(dt.date(2017, 12, 13))) == {open_ended, ended}
    assert starts_later in set(Membership.objects.current_on(dt.date(2018, 4, 1)))


@pytest.mark.django_db
def test_agenda_item_labels():
    from tests.factories import AgendaItemFactory

    item = AgendaItemFactory(position=6)
    sub = AgendaItemFactory(meeting=item.meeting, parent=item, position=4)
    assert item.label == "6"
    assert sub.label == "(iv)"
    assert sub.full_label == "6(iv)"
