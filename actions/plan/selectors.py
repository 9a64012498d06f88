"""Reads for the plan action pages: the priorities an action may deliver, and organisations."""
from __future__ import annotations

from django.db.models import QuerySet

from actions.models import Action
from boards.models import Board, Organisation

# plans.Priority, reached through the relation so that actions never imports the plans app,
# which sits above it.
Priority = Action.priorities.field.related_model


def priority_choices(*, board: Board) -> QuerySet:
    """Priorities and objectives of the plans of ``board`` and the boards above it (a
    subgroup delivers its partnership's plan), archived plans left out; in plan order."""
    boards = [board.pk, *(b.pk for b in board.ancestors())]
    return (
        Priority.objects.filter(plan__board_id__in=boards)
        .exclude(plan__status="archived")
        .select_related("plan", "parent")
        .order_by("plan__period_start", "plan_id", "position", "code")
    )


def organisation_choices() -> QuerySet[Organisation]:
    """Every organisation, by name: an action's lead may be any agency."""
    return Organisation.objects.order_by("name")
