"""Reads for the clerk's set-up pages: boards they manage, people, organisations, kinds and
a board's memberships."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ..access import (
    Capability,
    board_descendant_ids,
    user_boards_allowing,
    user_is_staff,
    user_may_add_top_boards,
)
from ..models import Board, BoardKind, Membership, Organisation, Person


def managed_boards(*, user: Any) -> QuerySet[Board]:
    """Boards whose set-up ``user`` may change (MANAGE_PARTNERSHIP: their clerk, the clerk of
    a board above, staff), by name."""
    boards = Board.objects.select_related("parent", "kind").order_by("name")
    if user_is_staff(user):
        return boards
    return boards.filter(pk__in=user_boards_allowing(user, Capability.MANAGE_PARTNERSHIP))


def parent_choices(*, user: Any, board: Board | None = None) -> tuple[QuerySet[Board], bool]:
    """(boards ``board`` may report to, whether it may report to none) for ``user``.

    The boards they manage, but never ``board`` or a board below it; its current parent
    stays a choice. It may report to none when it reports to none now or when the user
    may add top boards (boards.access.user_may_add_top_boards).
    """
    allowed = set(managed_boards(user=user).values_list("pk", flat=True))
    may_be_top = user_may_add_top_boards(user)
    if board is not None:
        allowed -= {board.pk, *board_descendant_ids(board)}
        if board.parent_id:
            allowed.add(board.parent_id)
        may_be_top = may_be_top or board.parent_id is None
    return Board.objects.filter(pk__in=allowed).order_by("name"), may_be_top


def people_list() -> QuerySet[Person]:
    """Everyone, by name, with their organisation."""
    return Person.objects.select_related("organisation").order_by("name")


def organisation_list() -> QuerySet[Organisation]:
    """Every organisation, by name."""
    return Organisation.objects.order_by("name")


def board_kind_list() -> QuerySet[BoardKind]:
    """Every kind of board, in the board list's order, with how many boards are of it."""
    return BoardKind.objects.annotate(board_count=Count("boards")).order_by("position", "name")


def board_memberships(*, board: Board, on: dt.date | None = None
                      ) -> tuple[list[Membership], list[Membership]]:
    """(current, other) memberships of ``board`` on ``on`` (default today): current by role
    then name; the others (ended, or not yet started) latest first."""
    on = on or timezone.localdate()
    rows = list(board.memberships.select_related("person", "organisation", "deputy"))
    current_pks = set(board.memberships.current_on(on).values_list("pk", flat=True))
    current = sorted((m for m in rows if m.pk in current_pks),
                     key=lambda m: (m.role, m.member_name.lower()))
    other = sorted((m for m in rows if m.pk not in current_pks),
                   key=lambda m: (m.end_date or m.start_date or dt.date.max), reverse=True)
    return current, other


def membership_get(*, board: Board, pk: int) -> Membership:
    """``board``'s membership ``pk``; Http404 for another board's."""
    found = (Membership.objects.select_related("person", "organisation", "deputy", "board")
             .filter(board=board, pk=pk).first())
    if found is None:
        raise Http404("No such membership.")
    return found


def person_get(*, pk: int) -> Person:
    """Person ``pk`` with their organisation and seats; Http404 when there is none."""
    person = Person.objects.select_related("organisation").filter(pk=pk).first()
    if person is None:
        raise Http404("No such person.")
    return person


def person_memberships(*, person: Person) -> list[Membership]:
    """Every seat ``person`` holds or held: as member, representative or deputy."""
    return list(
        Membership.objects.filter(Q(person=person) | Q(deputy=person))
        .select_related("board", "organisation")
        .order_by("board__name", "role")
    )


def organisation_get(*, pk: int) -> Organisation:
    """Organisation ``pk``; Http404 when there is none."""
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation
