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


@pytest.mark.django_db
def test_a_sub_item_and_its_papers_inherit_the_parent_items_restriction():
    from boards.models import SecurityClassification
    from tests.factories import AgendaItemFactory, PaperFactory

    top = AgendaItemFactory(position=8, is_restricted=True, exempt_paragraph=7)
    sub = AgendaItemFactory(meeting=top.meeting, parent=top, position=1)
    open_item = AgendaItemFactory(meeting=top.meeting, position=9)
    assert top.restricted_by == top and sub.restricted_by == top
    assert open_item.restricted_by is None

    assert PaperFactory(agenda_item=sub).restricting_paragraph == 7
    own = PaperFactory(
        agenda_item=open_item, security=SecurityClassification.RESTRICTED, exempt_paragraph=3
    )
    assert own.restricting_paragraph == 3 and own.is_restricted
    plain = PaperFactory(agenda_item=open_item)
    assert plain.restricting_paragraph is None and not plain.is_restricted
