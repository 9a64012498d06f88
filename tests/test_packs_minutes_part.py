"""The pack's previous minutes: actions under their minute, amendments with confirmed minutes."""
import datetime as dt

import pytest
from django.utils import timezone

from boards.models import Meeting, Organisation
from boards.packs.common import PUBLIC
from boards.packs.generated import minutes_context
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MinuteFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_actions_print_under_their_minute_and_amendments_with_confirmed_minutes():
    board = BoardFactory()
    start = timezone.make_aware(dt.datetime(2017, 12, 13, 13))
    prev = MeetingFactory(board=board, start=start, status=Meeting.Status.MINUTES_CONFIRMED,
                          minutes_amendments="Item 1: read 26.1%, not 21.6%.")
    meeting = MeetingFactory(board=board, start=start + dt.timedelta(days=105))
    item = AgendaItemFactory(meeting=prev, position=1, title="Burglary")
    MinuteFactory(agenda_item=item, text="Burglary is up.")
    no_minute = AgendaItemFactory(meeting=prev, position=2, title="Knife crime")
    private = AgendaItemFactory(meeting=prev, position=3, title="Case", is_restricted=True,
                                exempt_paragraph=1)
    action = ActionFactory(board=board, raised_at=prev, raised_under=item, number=4,
                           description="Circulate the profile", lead_body="",
                           target_date=dt.date(2018, 3, 28))
    action.lead_people.add(PersonFactory(name="Kate Sandercock"))
    action.lead_organisations.add(Organisation.objects.create(name="Probation Service"))
    ActionFactory(board=board, raised_at=prev, raised_under=no_minute, number=5,
                  description="Report back", lead_body="All partners", target_date=None,
                  target_date_tbc=True)
    ActionFactory(board=board, raised_at=prev, raised_under=private, number=6,
                  description="Secret follow-up")

    context = minutes_context(meeting, edition=PUBLIC)
    rows = {row["item"].pk: row for row in context["rows"]}
    assert rows[item.pk]["actions"] == [{
        "number": 4, "description": "Circulate the profile",
        "lead": "Kate Sandercock, Probation Service", "target": "28 March 2018",
    }]
    # An item with an action but no minute still prints, for its action.
    assert rows[no_minute.pk]["actions"][0]["lead"] == "All partners"
    assert "actions" not in rows[private.pk]  # the public pack shows its paragraph only
    assert context["amendments"] == "Item 1: read 26.1%, not 21.6%."
