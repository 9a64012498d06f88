"""Who is told about a meeting, and what each may see (boards.access rules)."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from boards.access import Capability, board_user_ids_allowing
from boards.models import Board, Meeting, Membership, Person

from .models import Frequency, Preference


@dataclass(frozen=True)
class Recipient:
    """A person to email about a meeting; ``is_member`` when boards.access lets their user see
    the board's members-only information (restricted titles), False for anyone else."""

    person: Person
    is_member: bool


def board_member_people(*, board: Board) -> list[Person]:
    """The people with a current membership of ``board`` (members, organisations'
    representatives and deputies), by name. One query."""
    current = Membership.objects.current_on(timezone.localdate()).filter(board=board)
    return list(
        Person.objects.filter(
            Q(pk__in=current.values("person_id")) | Q(pk__in=current.values("deputy_id"))
        ).select_related("user").order_by("name", "pk")
    )


def meeting_recipients(*, meeting: Meeting) -> list[Recipient]:
    """The board's current members and the presenters named on the meeting's agenda, each
    once, with whether they may see restricted items (boards.access: a user with
    VIEW_MEMBERS on the board, or staff). A person with no user account may not — a link to
    a restricted item would not open for them. A constant number of queries.
    """
    people = {p.pk: p for p in board_member_people(board=meeting.board)}
    presenters = Person.objects.filter(
        pk__in=meeting.agenda_items.filter(presenter_person__isnull=False)
        .values("presenter_person_id")
    ).select_related("user")
    for person in presenters:
        people.setdefault(person.pk, person)
    allowed = board_user_ids_allowing(meeting.board, Capability.VIEW_MEMBERS)

    def is_member(person: Person) -> bool:
        user = person.user
        if user is None or not user.is_active:
            return False
        return user.pk in allowed or user.is_staff or user.is_superuser

    return [Recipient(person=p, is_member=is_member(p)) for p in people.values()]


def person_frequency(*, person: Person) -> str:
    """The person's Frequency value (IMMEDIATE when they never chose)."""
    chosen = Preference.objects.filter(person=person).values_list("frequency", flat=True).first()
    return chosen or Frequency.IMMEDIATE
