"""Reads for recording a meeting and for the minutes page.

Like boards.selectors, anything that can return members-only information takes
``is_member`` and leaves it out for others: the minute of a restricted item
(or of a sub-item of one) never reaches a non-member's page (DOMAIN.md:
Publication and access rules).
"""
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from actions.models import Action

from ..access import board_descendant_ids
from ..models import (
    AgendaItem,
    Attendance,
    Board,
    DeclarationOfInterest,
    Meeting,
    Membership,
    Minute,
    Person,
    agenda_tree,
)
from ..selectors import meeting_get


def meeting_date(meeting: Meeting) -> dt.date:
    """The meeting's day in Europe/London."""
    return timezone.localtime(meeting.start).date()


def record_agenda_items(*, meeting: Meeting) -> list[AgendaItem]:
    """Every agenda item of ``meeting`` in agenda order, each followed by its sub-items.

    Each item has ``depth`` (0 for an item, 1 for a sub-item), ``current_minute``
    (its Minute or None) and ``current_declarations`` (by person's name). A
    constant number of queries whatever the number of items.
    """
    items = list(
        meeting.agenda_items.select_related("parent")
        .prefetch_related(
            Prefetch(
                "declarations",
                queryset=DeclarationOfInterest.objects.select_related("person").order_by(
                    "person__name"
                ),
            ),
            # The actions raised under each item, printed under its minute.
            Prefetch("actions", queryset=Action.objects.order_by("number").prefetch_related(
                "lead_people", "lead_organisations"
            )),
        )
        .order_by("position", "id")
    )
    minutes = {m.agenda_item_id: m for m in Minute.objects.filter(agenda_item__meeting=meeting)}
    ordered: list[AgendaItem] = []
    for top, subs in agenda_tree(items):
        top.depth = 0
        for sub in subs:
            sub.depth = 1
        ordered += [top, *subs]
    for item in ordered:
        item.current_minute = minutes.get(item.pk)
        item.current_declarations = list(item.declarations.all())
        item.current_actions = [_minute_action(a) for a in item.actions.all()]
    return ordered


@dataclass(frozen=True)
class MinuteAction:
    """An action raised under a minute, as the minutes print it:
    "ACTION: ``lead`` – ``target``" under ``description``."""

    number: int
    description: str
    lead: str
    target: str


def _minute_action(action) -> MinuteAction:
    names = [p.name for p in action.lead_people.all()]
    names += [o.name for o in action.lead_organisations.all()]
    names += [action.lead_body] if action.lead_body else []
    return MinuteAction(number=action.number, description=action.description,
                        lead=", ".join(names), target=action.target_display)


def item_actions(*, item: AgendaItem) -> list[MinuteAction]:
    """The actions raised under ``item`` (from record_agenda_items), by number."""
    return item.current_actions


def meeting_members(*, meeting: Meeting) -> list[Person]:
    """People with a membership of the meeting's board current on its day, by name, once each."""
    memberships = (
        Membership.objects.current_on(meeting_date(meeting))
        .filter(board=meeting.board)
        .select_related("person", "deputy")
    )
    # An organisation's representative and deputy are both expected at the meeting.
    seen: dict[int, Person] = {}
    for membership in memberships:
        for person in membership.seat_people:
            seen.setdefault(person.pk, person)
    return sorted(seen.values(), key=lambda p: (p.name, p.pk))


def partnership_board_ids(board: Board) -> set[int]:
    """Primary keys of every board of ``board``'s partnership: its top board and all below."""
    root = board
    seen = {board.pk}
    while root.parent_id is not None and root.parent_id not in seen:
        root = root.parent
        seen.add(root.pk)
    return {root.pk, *board_descendant_ids(root)}


def partnership_people(*, meeting: Meeting) -> QuerySet[Person]:
    """The people who may be recorded at ``meeting``: those of its own partnership.

    That is anyone with a membership (at any date) on a board of the meeting's
    partnership or already recorded at one of its meetings, and anyone tied to
    no partnership at all (a guest or presenter entered for the first time);
    never someone whose memberships and attendance all lie in another
    partnership (DOMAIN.md: Who and what: nothing hard-coded to one borough).
    """
    return board_partnership_people(board=meeting.board)


def board_partnership_people(*, board: Board) -> QuerySet[Person]:
    """partnership_people for ``board``'s partnership (no meeting needed): possible leads."""
    boards = partnership_board_ids(board)
    membership = Membership.objects.filter(person=OuterRef("pk"))
    attendance = Attendance.objects.filter(person=OuterRef("pk"))
    return Person.objects.filter(
        Q(Exists(membership.filter(board__in=boards)))
        | Q(Exists(attendance.filter(meeting__board__in=boards)))
        | (~Q(Exists(membership)) & ~Q(Exists(attendance)))
    )


def people_choices(*, meeting: Meeting) -> list[tuple[int, str]]:
    """Who can attend ``meeting`` or declare an interest at it (partnership_people), as
    (pk, "Name, Post") by name."""
    return [
        (p.pk, p.name_and_post)
        for p in partnership_people(meeting=meeting).only("pk", "name", "post_title")
    ]


def meeting_attendance_records(*, meeting: Meeting):
    """The meeting's Attendance rows with their people, in recorded order."""
    return list(
        meeting.attendances.select_related("person", "substituting_for").order_by(
            "position", "person__name"
        )
    )


def meeting_has_minutes(*, meeting: Meeting) -> bool:
    """True when at least one agenda item of ``meeting`` has a minute."""
    return Minute.objects.filter(agenda_item__meeting=meeting).exists()


def meetings_after(*, meeting: Meeting) -> list[Meeting]:
    """The board's meetings after ``meeting``, soonest first: where its minutes may be confirmed."""
    return list(
        Meeting.objects.filter(board_id=meeting.board_id, start__gt=meeting.start).order_by("start")
    )


def minutes_meeting_get(*, board, pk: int, is_member: bool) -> Meeting:
    """The meeting whose minutes page is asked for.

    Members see any meeting's minutes (drafts included); others only confirmed
    minutes. Raises Http404 otherwise.
    """
    meeting = meeting_get(board=board, pk=pk, is_member=is_member)
    if not is_member and not meeting.minutes_are_confirmed:
        raise Http404("These minutes are not published.")
    return meeting


@dataclass
class MinuteEntry:
    """One agenda item's minute as the minutes page prints it.

    ``exempt_paragraph`` is set for a restricted item (or a sub-item of one);
    ``redacted`` is True when the viewer is not a member, and then ``text``,
    ``decisions``, ``declarations`` and ``actions`` are empty.
    """

    pk: int
    label: str
    title: str
    exempt_paragraph: int | None
    redacted: bool
    text: str = ""
    decisions: str = ""
    declarations: list[DeclarationOfInterest] = field(default_factory=list)
    actions: list[MinuteAction] = field(default_factory=list)
    sub_items: list["MinuteEntry"] = field(default_factory=list)


def _minute_entry(item: AgendaItem, parent_paragraph: int | None, is_member: bool) -> MinuteEntry:
    paragraph = item.exempt_paragraph if item.is_restricted else parent_paragraph
    entry = MinuteEntry(
        pk=item.pk,
        label=item.label,
        title=item.title,
        exempt_paragraph=paragraph,
        redacted=paragraph is not None and not is_member,
    )
    if not entry.redacted:
        minute = item.current_minute
        entry.text = minute.text if minute else ""
        entry.decisions = minute.decisions if minute else ""
        entry.declarations = item.current_declarations
        entry.actions = item.current_actions
    entry.sub_items = [_minute_entry(s, paragraph, is_member) for s in item.sub_entries]
    return entry


def meeting_minutes(*, meeting: Meeting, is_member: bool) -> list[MinuteEntry]:
    """The meeting's minutes as a tree of MinuteEntry, items and sub-items in agenda order.

    Restricted items keep only their label, title and exempt paragraph for a
    non-member. A constant number of queries.
    """
    items = record_agenda_items(meeting=meeting)
    children: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
    for item in items:
        item.sub_entries = children.get(item.pk, [])
    return [_minute_entry(i, None, is_member) for i in items if i.parent_id is None]
