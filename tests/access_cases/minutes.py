"""Recording a meeting, confirming its minutes and reading them."""
import datetime as dt

from django.utils import timezone

from boards.models import DeclarationOfInterest, Meeting
from tests.factories import AgendaItemFactory, MeetingFactory, MinuteFactory, PersonFactory

from . import CHAIR_ONLY, EVERYONE, MEMBERS_ONLY, MEMBERS_SEE, Case, meeting_kwargs

CANARY = "CANARY-MINUTE-3e8f"


def _minuted_meeting(board, start, status, **fields) -> Meeting:
    """A meeting with an open item and a restricted item (and sub-item), all minuted."""
    meeting = MeetingFactory(board=board, start=start, status=status, **fields)
    open_item = AgendaItemFactory(meeting=meeting, position=1, title="Chair's report")
    MinuteFactory(agenda_item=open_item, text="The board noted the chair's report.")
    private = AgendaItemFactory(
        meeting=meeting, position=2, title="Private business", is_restricted=True,
        exempt_paragraph=1,
    )
    MinuteFactory(agenda_item=private, text=f"{CANARY} case discussed", decisions=CANARY)
    sub = AgendaItemFactory(meeting=meeting, parent=private, position=1, title="Family details")
    MinuteFactory(agenda_item=sub, text=f"{CANARY} sub-item")
    DeclarationOfInterest.objects.create(
        agenda_item=private, person=PersonFactory(name="Declaring Member"),
        nature=f"{CANARY} knows the family",
    )
    return meeting


def extend_world(world) -> None:
    """world.held: a held meeting with draft minutes; world.confirmed: confirmed minutes."""
    now = timezone.now()
    world.held = _minuted_meeting(world.board, now - dt.timedelta(days=40), Meeting.Status.HELD)
    world.confirmed = _minuted_meeting(
        world.board, now - dt.timedelta(days=100), Meeting.Status.MINUTES_CONFIRMED,
        minutes_confirmed_at=now - dt.timedelta(days=40),
        minutes_confirmed_at_meeting=world.held,
    )


LOCKED = (302, 403, 409, 409, 409)


def _item_kwargs(world, meeting_name: str) -> dict:
    meeting = getattr(world, meeting_name)
    return {**meeting_kwargs(world, meeting_name),
            "item_pk": meeting.agenda_items.order_by("pk").first().pk}

EXPECTED: dict[str, list[Case]] = {
    "boards:minutes_record": [
        Case("published meeting", lambda w: meeting_kwargs(w), MEMBERS_ONLY),
        Case("planned meeting", lambda w: meeting_kwargs(w, "planned"), MEMBERS_ONLY),
        Case("held meeting", lambda w: meeting_kwargs(w, "held"), MEMBERS_ONLY),
        Case("confirmed minutes, read-only", lambda w: meeting_kwargs(w, "confirmed"),
             MEMBERS_ONLY),
        Case("save (empty form re-shown)", lambda w: meeting_kwargs(w), MEMBERS_ONLY,
             method="post"),
        Case("save confirmed minutes is refused", lambda w: meeting_kwargs(w, "confirmed"),
             LOCKED, method="post", data=lambda w: {"minutes-TOTAL_FORMS": "3"}),
    ],
    "boards:minutes_record_item": [
        Case("item of a held meeting", lambda w: _item_kwargs(w, "held"), MEMBERS_ONLY),
        Case("save an empty minute", lambda w: _item_kwargs(w, "held"), MEMBERS_ONLY,
             method="post", data=lambda w: {"operation": "minute"}),
        Case("raise an empty action", lambda w: _item_kwargs(w, "held"), MEMBERS_ONLY,
             method="post", data=lambda w: {"operation": "action"}),
        Case("confirmed minutes go to the read-only record",
             lambda w: _item_kwargs(w, "confirmed"), (302, 403, 302, 302, 302)),
        Case("item of another meeting", lambda w: {
            **meeting_kwargs(w, "held"),
            "item_pk": w.confirmed.agenda_items.order_by("pk").first().pk,
        }, (302, 403, 404, 404, 404)),
    ],
    "boards:minutes_confirm": [
        Case("held meeting", lambda w: meeting_kwargs(w, "held"), CHAIR_ONLY),
        Case("confirm with no meeting chosen", lambda w: meeting_kwargs(w, "held"), CHAIR_ONLY,
             method="post"),
        Case("already confirmed", lambda w: meeting_kwargs(w, "confirmed"),
             (302, 403, 403, 409, 403), method="post",
             data=lambda w: {"at_meeting": w.published.pk}),
    ],
    "boards:minutes_detail": [
        Case("confirmed minutes", lambda w: meeting_kwargs(w, "confirmed"), EVERYONE),
        Case("draft minutes", lambda w: meeting_kwargs(w, "held"), MEMBERS_SEE),
        Case("published meeting", lambda w: meeting_kwargs(w), MEMBERS_SEE),
        Case("planned meeting", lambda w: meeting_kwargs(w, "planned"), MEMBERS_SEE),
    ],
}
