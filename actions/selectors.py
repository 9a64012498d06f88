"""Reads for the action log (DOMAIN.md: Action log)."""
from django.db.models import Prefetch, QuerySet

from boards.models import Board, Meeting, Person

from .models import Action


def action_log(*, board: Board) -> QuerySet[Action]:
    """The board's actions by number, with the meeting that raised each and its lead people.

    Evaluating it costs two queries however many actions there are.
    """
    leads = Prefetch("lead_people", queryset=Person.objects.order_by("name"))
    return (
        Action.objects.filter(board=board)
        .select_related("raised_at")
        .prefetch_related(leads)
        .order_by("number")
    )


def action_log_carried_forward(*, meeting: Meeting) -> QuerySet[Action]:
    """The action log a meeting reviews: every open action raised at its board's earlier meetings.

    Actions merged into another are left out (the other carries them). Adds the
    agenda item each was raised under (and its parent) for restriction checks.
    Two queries however many actions there are. See DOMAIN.md: Action log.
    """
    return (
        action_log(board=meeting.board)
        .filter(
            status=Action.Status.OPEN,
            raised_at__start__lt=meeting.start,
            merged_into__isnull=True,
        )
        .select_related("raised_under__parent")
    )


def action_leads(*, board: Board) -> QuerySet[Person]:
    """People who lead at least one of the board's actions, by name."""
    return Person.objects.filter(actions_led__board=board).distinct().order_by("name")
