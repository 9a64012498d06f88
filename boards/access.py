"""Who may see what of a board: the one access mechanism of the portal's pages.

Every view in the project declares its rule with exactly one of the decorators
here (``public_view``, ``board_view``, ``board_members_only``); the
authorisation test fails for a view that declares none (deny by default).

Rules (DOMAIN.md: Publication and access rules):

- A *board member* is an active superuser or staff user, or a user linked to a
  Person with a current Membership of the board or of any board above it.
- Anyone may see boards and their meetings once the agenda is published;
  planned meetings, restricted papers and the members' pack are for members.
"""
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Board, Membership

View = Callable[..., HttpResponse]

ACCESS_PUBLIC = "public"
ACCESS_BOARD = "board"
ACCESS_BOARD_MEMBERS = "board_members"


@dataclass(frozen=True)
class BoardAccess:
    """The board a request is about, and whether the user counts as its member."""

    board: Board
    is_member: bool


def user_is_staff(user: Any) -> bool:
    """True for an active staff user or superuser (the clerks who run the portal)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.is_staff)
    )


def user_is_board_member(user: Any, board: Board) -> bool:
    """True when ``user`` may see ``board``'s members-only pages.

    Staff and superusers always; otherwise the user's Person needs a
    Membership current today (Europe/London) of ``board`` or of one of its
    ancestors. Anonymous and inactive users never. One query for a user with
    a Person, none otherwise.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user_is_staff(user):
        return True
    board_ids = [board.pk, *(b.pk for b in board.ancestors())]
    return (
        Membership.objects.current_on(timezone.localdate())
        .filter(person__user=user, board_id__in=board_ids)
        .exists()
    )


def member_board_ids(user: Any, boards: list[Board]) -> set[int]:
    """Primary keys of those of ``boards`` that ``user`` is a member of (see user_is_board_member).

    ``boards`` should be every board, with ``parent_id`` loaded, so that
    membership of a board reaches its descendants. One query at most.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user_is_staff(user):
        return {b.pk for b in boards}
    direct = set(
        Membership.objects.current_on(timezone.localdate())
        .filter(person__user=user)
        .values_list("board_id", flat=True)
    )
    parent_of = {b.pk: b.parent_id for b in boards}
    result: set[int] = set()
    for board in boards:
        node: int | None = board.pk
        seen: set[int] = set()
        while node is not None and node not in seen:
            if node in direct:
                result.add(board.pk)
                break
            seen.add(node)
            node = parent_of.get(node)
    return result


def _declare(view: View, rule: str) -> View:
    view.access_rule = rule  # type: ignore[attr-defined]
    return view


def public_view(view: View) -> View:
    """Declare a view open to everyone; it must show only public information itself."""
    return _declare(view, ACCESS_PUBLIC)


def _board_decorator(*, members_only: bool) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
            board = get_object_or_404(Board.objects.select_related("parent"), slug=slug)
            access = BoardAccess(board=board, is_member=user_is_board_member(request.user, board))
            if members_only and not access.is_member:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied("Only members of this board may see this page.")
            return view(request, access=access, **kwargs)

        return _declare(wrapped, ACCESS_BOARD_MEMBERS if members_only else ACCESS_BOARD)

    return decorator


board_view = _board_decorator(members_only=False)
"""Declare a view about the board named by the URL's ``slug``, open to everyone.

The view receives ``access: BoardAccess`` instead of ``slug`` and must pass
``access.is_member`` to the selectors it reads through, which leave out (or
404 on) what only members may see. 404 for an unknown slug.
"""

board_members_only = _board_decorator(members_only=True)
"""Declare a view for the board's members only: anonymous → redirect to login, others → 403.

The view receives ``access: BoardAccess`` instead of ``slug``.
"""
