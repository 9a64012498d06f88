"""Reads for the action log (DOMAIN.md: Action log)."""
from django.db.models import Prefetch, QuerySet

from boards.models import Board, Person

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


def action_leads(*, board: Board) -> QuerySet[Person]:
    """People who lead at least one of the board's actions, by name."""
    return Person.objects.filter(actions_led__board=board).distinct().order_by("name")
