"""Reads for the action log (DOMAIN.md: Action log)."""
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from boards.access import Capability, board_descendant_ids, user_boards_allowing
from boards.models import Board, Meeting, Membership, Organisation, Person
from csp_portal import clock

from .models import Action, ActionUpdate, RagStatus


def action_log_board_ids(*, board: Board, include_subgroups: bool = False) -> set[int]:
    """``board``'s pk, and with ``include_subgroups`` those of every board below it."""
    return {board.pk, *(board_descendant_ids(board) if include_subgroups else ())}


def action_log(*, board: Board, include_subgroups: bool = False) -> QuerySet[Action]:
    """The board's actions by number, with the meeting that raised each and its leads.

    With ``include_subgroups`` the actions of every board below it (any depth) too,
    by board then number. Evaluating it costs three queries however many actions
    there are (one more to find the boards below).
    """
    leads = Prefetch("lead_people", queryset=Person.objects.order_by("name"))
    organisations = Prefetch("lead_organisations", queryset=Organisation.objects.order_by("name"))
    actions = Action.objects.filter(board=board).order_by("number")
    if include_subgroups:
        boards = action_log_board_ids(board=board, include_subgroups=True)
        actions = Action.objects.filter(board_id__in=boards).order_by("board__name", "number")
    return actions.select_related("board", "raised_at").prefetch_related(leads, organisations)


def action_log_carried_forward(*, meeting: Meeting) -> QuerySet[Action]:
    """The action log a meeting reviews: every open action raised at its board's earlier
    meetings, and every open plan action put on the log before the meeting.

    Actions merged into another are left out (the other carries them). Adds the
    agenda item each was raised under (and its parent) for restriction checks.
    Three queries however many actions there are. See DOMAIN.md: Action log.
    """
    return (
        action_log(board=meeting.board)
        .filter(
            Q(raised_at__start__lt=meeting.start)
            | Q(raised_at__isnull=True, created_at__lt=meeting.start),
            status=Action.Status.OPEN,
            merged_into__isnull=True,
        )
        .select_related("raised_under__parent")
    )


def action_leads(*, board_ids: set[int]) -> QuerySet[Person]:
    """People who lead at least one action of the boards ``board_ids``, by name.

    An EXISTS per person rather than a DISTINCT over every lead of every action:
    a long log has far more actions than leads.
    """
    leads = Action.lead_people.through.objects.filter(
        person_id=OuterRef("pk"), action__board_id__in=board_ids
    )
    return Person.objects.filter(Exists(leads)).order_by("name")


def action_raising_meetings(*, board_ids: set[int]) -> QuerySet[Meeting]:
    """Meetings of the boards ``board_ids`` that raised at least one action, latest first."""
    raised = Action.objects.filter(raised_at_id=OuterRef("pk"))
    return Meeting.objects.filter(Exists(raised), board_id__in=board_ids).order_by("-start")


def action_get(*, board: Board, number: int) -> Action:
    """Action ``number`` of ``board``'s log, with its meeting, agenda item, merge links and leads.

    Raises Action.DoesNotExist when the board has no such action.
    """
    leads = Prefetch("lead_people", queryset=Person.objects.order_by("name"))
    organisations = Prefetch("lead_organisations", queryset=Organisation.objects.order_by("name"))
    merged_from = Prefetch("merged_from", queryset=Action.objects.order_by("number"))
    priorities = Prefetch("priorities", queryset=Action.priorities.field.related_model.objects
                          .order_by("plan_id", "position", "code"))
    return (
        Action.objects.select_related(
            "board", "raised_at", "raised_under__parent", "merged_into"
        )
        .prefetch_related(leads, organisations, merged_from, priorities)
        .get(board=board, number=number)
    )


def action_history(*, action: Action) -> QuerySet[ActionUpdate]:
    """The action's updates, oldest first, with who made each (one query)."""
    return (
        ActionUpdate.objects.filter(action=action)
        .select_related("author", "author_person")
        .order_by("created_at", "id")
    )


def action_is_led_by(*, action: Action, user: Any) -> bool:
    """True when ``user``'s Person is one of the action's lead people."""
    if not getattr(user, "is_authenticated", False):
        return False
    return action.lead_people.filter(user=user).exists()


def action_rag_counts(*, actions: QuerySet[Action]) -> list[tuple[str, int]]:
    """[(RAG code, number of actions)] for Red, Amber and Green, in that order, zeros kept.

    One grouped query. ``actions`` is any queryset of actions (e.g. the filtered
    log) in which each action appears once; the counts add up to its length.
    """
    # Grouped by RAG status and counting rows, not keys: PostgreSQL then reads the counts
    # from the (board, status, rag_status, number) index alone, where counting each
    # action's key read every open action's row.
    counts = dict(
        actions.order_by().prefetch_related(None).values_list("rag_status")
        .annotate(count=Count("*")).values_list("rag_status", "count")
    )
    return [(code, counts.get(code, 0)) for code in RagStatus.values]


def action_log_reviewing_meeting(*, board: Board) -> Meeting | None:
    """The meeting that reviews the board's log: its next meeting, else its latest; or None.

    Actions raised before it and still open are carried forward to it
    (DOMAIN.md: Action log). One query.
    """
    meetings = Meeting.objects.filter(board=board)
    upcoming = meetings.filter(start__gte=timezone.now()).order_by("start").first()
    return upcoming or meetings.order_by("-start").first()


def action_merge_candidates(*, action: Action) -> QuerySet[Action]:
    """Actions of the same board that ``action`` may be merged into: not itself, not merged."""
    return (
        Action.objects.filter(board_id=action.board_id, merged_into__isnull=True)
        .exclude(pk=action.pk)
        .order_by("number")
    )


def board_current_members(*, board: Board) -> QuerySet[Person]:
    """People with a membership of ``board`` today (Europe/London), by name: possible leads."""
    current = Membership.objects.current_on(timezone.localdate()).filter(board=board)
    return Person.objects.filter(
        Q(pk__in=current.values("person_id")) | Q(pk__in=current.values("deputy_id"))
    ).order_by("name")


def my_actions(*, user: Any) -> QuerySet[Action]:
    """Every open action ``user``'s Person leads, on boards whose members' pages they may see.

    Overdue first (target date before today), then by target date, "Date TBC"
    last; then by board and number. Merged actions are left out. A user has one
    Person, so each action appears once. Three queries
    when evaluated (roles, boards, actions). See DOMAIN.md: Action log.
    """
    if not getattr(user, "is_authenticated", False):
        return Action.objects.none()
    board_ids = user_boards_allowing(user, Capability.VIEW_MEMBERS)
    today = clock.today()
    return (
        Action.objects.filter(
            status=Action.Status.OPEN,
            merged_into__isnull=True,
            lead_people__user=user,
            board_id__in=board_ids,
        )
        .select_related("board", "raised_at")
        .annotate(
            is_overdue=Case(
                When(target_date__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by(
            "-is_overdue", F("target_date").asc(nulls_last=True), "board__name", "number"
        )
    )


def asked_to_close(*, actions: QuerySet[Action]) -> list[Action]:
    """The open actions of ``actions`` whose lead marked them complete and asks the chair
    to close them, longest waiting first. One query."""
    return list(
        actions.filter(status=Action.Status.OPEN, completion_requested_at__isnull=False)
        .select_related("board").order_by("completion_requested_at", "number")
    )


EXPORT_FIELDS = (
    "pk", "board__name", "number", "reference", "description", "lead_body",
    "raised_at__start", "target_date", "target_date_tbc", "target_is_month", "target_ongoing",
    "rag_status", "status", "comments",
)


def action_export_values(*, actions: QuerySet[Action]) -> Iterator[tuple[Any, ...]]:
    """The rows of ``actions`` (any action queryset, in its order) as tuples of
    EXPORT_FIELDS' values, read in chunks of 2,000 (a server-side cursor on PostgreSQL):
    one query, no model instances, so a 50,000-action log streams in constant memory."""
    return actions.prefetch_related(None).values_list(*EXPORT_FIELDS).iterator(chunk_size=2000)


def action_lead_names(*, actions: QuerySet[Action]) -> dict[int, list[str]]:
    """{action pk: lead names}: the lead people by name, then the lead organisations by name
    (the lead body is a field of the action). Four queries, whatever the number of actions.

    The links are read unsorted and each action's put in the order the database gives
    the people (and organisations) by name, then key: sorting every link of a
    50,000-action log by name took longer than the rest of its export.
    """
    ids = actions.order_by().values("pk")
    names: dict[int, list[str]] = defaultdict(list)
    for through, model, key in (
        (Action.lead_people.through, Person, "person_id"),
        (Action.lead_organisations.through, Organisation, "organisation_id"),
    ):
        found: dict[int, list[int]] = defaultdict(list)
        links = through.objects.filter(action_id__in=ids).order_by().values_list("action_id", key)
        for action_id, pk in links:
            found[action_id].append(pk)
        # Read after the links, so every linked person or organisation is there (one
        # deleted meanwhile is left out).
        ranked = list(model.objects.order_by("name", "pk").values_list("pk", "name"))
        rank = {pk: i for i, (pk, _) in enumerate(ranked)}
        for action_id, pks in found.items():
            ranks = sorted(rank[pk] for pk in pks if pk in rank)
            names[action_id].extend(ranked[i][1] for i in ranks)
    return names
