"""Who may do what on a board: the one permission mechanism of the portal's pages.

Every view declares its rule with exactly one decorator from here:
``public_view``, ``login_required_view``, ``board_view`` or
``board_permission(Capability.X)``. The authorisation test fails for a view
that declares none (deny by default). Templates may ask ``access.can`` what to
*offer*; only the decorators decide what is *allowed*.

Roles are per board and come from current Memberships (DOMAIN.md: Who and
what; Publication and access rules):

- **clerk**: the board's clerk / business manager, or the clerk of a board
  above it (the partnership's business manager runs its subgroups' business).
- **chair**: the chair or vice-chair of the board.
- **parent chair**: the chair or vice-chair of a board above it, who may
  manage the actions of the boards below (issue 10: "the chair of a board may
  manage its subgroups' actions").
- **analyst**: an analyst of the board or of a board above it, who enters and
  imports returns for every indicator of the board and its subgroups.
- **officer**: an officer or minute taker of the board, or a chair, vice-chair,
  officer, clerk or minute taker of a subgroup directly below it that the
  partnership marks as reporting to it (``Board.reports_to_parent``). A plain
  member (or adviser, or analyst) of a subgroup gets no officer role on the
  boards above it.
- **member**: a member or adviser of the board, or anyone else with a
  membership of a board above it.

An organisation's seat gives its role to its named representative and its
deputy (Membership).

Staff superusers and staff users administer the portal and hold every role.
Any role makes the user a *board member*, who may see restricted papers and
items, planned meetings and the members' pack.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Board, Membership

View = Callable[..., HttpResponse]

ACCESS_PUBLIC = "public"
ACCESS_LOGIN = "login"
ACCESS_BOARD = "board"
ACCESS_BOARD_PERMISSION = "board_permission"


class Role(StrEnum):
    """A user's role on one board, derived from Membership (see module docstring)."""

    CLERK = "clerk"
    CHAIR = "chair"
    PARENT_CHAIR = "parent_chair"
    ANALYST = "analyst"
    OFFICER = "officer"
    MEMBER = "member"


class Capability(StrEnum):
    """Something a view lets a user do on a board; ROLE_CAPABILITIES says who may."""

    VIEW_MEMBERS = "view_members"  # restricted papers/items, planned meetings, members' pack
    RECORD_MINUTES = "record_minutes"  # minutes, attendance, declarations of interest
    RAISE_ACTION = "raise_action"
    MANAGE_ACTIONS = "manage_actions"  # change RAG, close, merge, reset dates on any action
    CONFIRM_MINUTES = "confirm_minutes"
    MANAGE_MEETINGS = "manage_meetings"  # meetings, agendas, papers, publishing, forward plan
    SUBMIT_REPORT = "submit_report"  # a subgroup's update report
    EDIT_INDICATORS = "edit_indicators"  # indicators and returns of a subgroup it owns
    APPROVE_RETURNS = "approve_returns"
    MANAGE_PARTNERSHIP = "manage_partnership"  # boards below, people, memberships, plans


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.MEMBER: frozenset({Capability.VIEW_MEMBERS}),
    Role.OFFICER: frozenset({
        Capability.VIEW_MEMBERS, Capability.RECORD_MINUTES, Capability.RAISE_ACTION,
        Capability.SUBMIT_REPORT, Capability.EDIT_INDICATORS,
    }),
    Role.CHAIR: frozenset({
        Capability.VIEW_MEMBERS, Capability.RECORD_MINUTES, Capability.RAISE_ACTION,
        Capability.MANAGE_ACTIONS, Capability.CONFIRM_MINUTES, Capability.SUBMIT_REPORT,
        Capability.EDIT_INDICATORS, Capability.APPROVE_RETURNS,
    }),
    Role.CLERK: frozenset({
        Capability.VIEW_MEMBERS, Capability.RECORD_MINUTES, Capability.RAISE_ACTION,
        Capability.MANAGE_ACTIONS, Capability.MANAGE_MEETINGS, Capability.SUBMIT_REPORT,
        Capability.EDIT_INDICATORS, Capability.APPROVE_RETURNS, Capability.MANAGE_PARTNERSHIP,
    }),
    Role.PARENT_CHAIR: frozenset({Capability.VIEW_MEMBERS, Capability.MANAGE_ACTIONS}),
    Role.ANALYST: frozenset({Capability.VIEW_MEMBERS, Capability.EDIT_INDICATORS}),
}

_DIRECT_ROLE = {
    Membership.Role.CLERK: Role.CLERK,
    Membership.Role.CHAIR: Role.CHAIR,
    Membership.Role.VICE_CHAIR: Role.CHAIR,
    Membership.Role.OFFICER: Role.OFFICER,
    Membership.Role.MINUTE_TAKER: Role.OFFICER,
    Membership.Role.MEMBER: Role.MEMBER,
    Membership.Role.ADVISER: Role.MEMBER,
    Membership.Role.ANALYST: Role.ANALYST,
}

# The role a membership of a board above gives on the boards below it (MEMBER otherwise).
_ROLE_BELOW = {
    Membership.Role.CLERK: Role.CLERK,
    Membership.Role.CHAIR: Role.PARENT_CHAIR,
    Membership.Role.VICE_CHAIR: Role.PARENT_CHAIR,
    Membership.Role.ANALYST: Role.ANALYST,
}


# Subgroup memberships that make their holder an officer of the board the subgroup
# reports to (issue 9: "never from plain subgroup membership").
_REPORTING_OFFICER_ROLES = frozenset({
    Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.OFFICER,
    Membership.Role.CLERK, Membership.Role.MINUTE_TAKER,
})


class _Can:
    """``access.can.manage_meetings`` in templates: True when the roles allow it."""

    def __init__(self, roles: frozenset[Role]):
        self._capabilities = capabilities_of(roles)

    def __getattr__(self, name: str) -> bool:
        try:
            return Capability(name) in self._capabilities
        except ValueError as exc:
            raise AttributeError(f"no capability {name!r}") from exc


@dataclass(frozen=True)
class BoardAccess:
    """The board a request is about and the user's roles on it (empty for the public)."""

    board: Board
    roles: frozenset[Role] = field(default_factory=frozenset)

    @property
    def is_member(self) -> bool:
        """True when the user may see the board's members-only information."""
        return Capability.VIEW_MEMBERS in capabilities_of(self.roles)

    @property
    def can(self) -> _Can:
        return _Can(self.roles)

    def allows(self, capability: Capability) -> bool:
        """True when one of the user's roles grants ``capability``."""
        return capability in capabilities_of(self.roles)


def capabilities_of(roles: Iterable[Role]) -> frozenset[Capability]:
    """The union of what ``roles`` allow (ROLE_CAPABILITIES)."""
    result: set[Capability] = set()
    for role in roles:
        result |= ROLE_CAPABILITIES[role]
    return frozenset(result)


def user_is_staff(user: Any) -> bool:
    """True for an active staff user or superuser (who administer the portal)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.is_staff)
    )


@dataclass(frozen=True)
class _Tree:
    """Every board's parent, and the boards that report to their parent. One query."""

    parent_of: dict[int, int | None]
    reporting: frozenset[int]


def _tree() -> _Tree:
    rows = list(Board.objects.values_list("pk", "parent_id", "reports_to_parent"))
    return _Tree(
        parent_of={pk: parent for pk, parent, _ in rows},
        reporting=frozenset(pk for pk, _, reports in rows if reports),
    )


def _parents() -> dict[int, int | None]:
    return dict(Board.objects.values_list("pk", "parent_id"))


def _chain(board_id: int, parent_of: dict[int, int | None]) -> list[int]:
    """``board_id`` and the boards above it, nearest first (cycle-safe)."""
    chain: list[int] = []
    node: int | None = board_id
    while node is not None and node not in chain:
        chain.append(node)
        node = parent_of.get(node)
    return chain


def _roles_from(memberships: list[tuple[int, str]], board_id: int, tree: _Tree) -> frozenset[Role]:
    above = _chain(board_id, tree.parent_of)[1:]
    roles: set[Role] = set()
    for member_board, membership_role in memberships:
        if member_board == board_id:
            roles.add(_DIRECT_ROLE[membership_role])
        elif member_board in above:
            roles.add(_ROLE_BELOW.get(membership_role, Role.MEMBER))
        elif (
            tree.parent_of.get(member_board) == board_id
            and member_board in tree.reporting
            and membership_role in _REPORTING_OFFICER_ROLES
        ):
            roles.add(Role.OFFICER)
    return frozenset(roles)


def _current_memberships(user: Any) -> list[tuple[int, str]]:
    # The member (or an organisation's representative) and an organisation's deputy.
    return list(
        Membership.objects.current_on(timezone.localdate())
        .filter(Q(person__user=user) | Q(deputy__user=user))
        .values_list("board_id", "role")
    )


def board_descendant_ids(board: Board) -> set[int]:
    """Primary keys of every board below ``board`` at any depth, not ``board`` itself. One query."""
    parent_of = _parents()
    return {pk for pk in parent_of if board.pk in _chain(pk, parent_of)[1:]}


def user_board_roles(user: Any, board: Board) -> frozenset[Role]:
    """The roles ``user`` holds on ``board`` today (Europe/London); see the module docstring.

    Empty for anonymous and inactive users and for users with no Person. Every
    role for staff. Two queries for a user with memberships, at most.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user_is_staff(user):
        return frozenset(Role)
    memberships = _current_memberships(user)
    if not memberships:
        return frozenset()
    return _roles_from(memberships, board.pk, _tree())


def user_is_board_member(user: Any, board: Board) -> bool:
    """True when ``user`` may see ``board``'s members-only information (any role)."""
    return bool(user_board_roles(user, board))


def user_roles_by_board(user: Any) -> dict[int, frozenset[Role]]:
    """Every board's pk → the user's roles on it, for boards where there are any.

    Two queries at most; staff get every role on every board.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    tree = _tree()
    if user_is_staff(user):
        return {pk: frozenset(Role) for pk in tree.parent_of}
    memberships = _current_memberships(user)
    if not memberships:
        return {}
    result = {pk: _roles_from(memberships, pk, tree) for pk in tree.parent_of}
    return {pk: roles for pk, roles in result.items() if roles}


def user_boards_allowing(user: Any, capability: Capability) -> set[int]:
    """Primary keys of the boards on which ``user`` has ``capability``."""
    return {
        pk for pk, roles in user_roles_by_board(user).items()
        if capability in capabilities_of(roles)
    }


def board_user_ids_allowing(board: Board, capability: Capability) -> set[int]:
    """Primary keys of the active users with ``capability`` on ``board`` through their
    memberships (today), e.g. the board's approvers of returns. Staff, who hold every
    role everywhere to administer the portal, are not counted. Three queries."""
    tree = _tree()
    near = set(_chain(board.pk, tree.parent_of)) | {
        pk for pk, parent in tree.parent_of.items() if parent == board.pk
    }
    current = Membership.objects.current_on(timezone.localdate()).filter(board__in=near)
    # The member (or an organisation's representative) and an organisation's deputy.
    rows: list[tuple[int, int, str]] = []
    for holder in ("person", "deputy"):
        rows += current.filter(**{
            f"{holder}__user__is_active": True, f"{holder}__user__is_staff": False,
            f"{holder}__user__is_superuser": False,
        }).values_list(f"{holder}__user_id", "board_id", "role")
    by_user: dict[int, list[tuple[int, str]]] = {}
    for user_id, board_id, role in rows:
        by_user.setdefault(user_id, []).append((board_id, role))
    return {
        user_id for user_id, memberships in by_user.items()
        if capability in capabilities_of(_roles_from(memberships, board.pk, tree))
    }


def member_board_ids(user: Any, boards: list[Board]) -> set[int]:
    """Primary keys of those of ``boards`` whose members-only information ``user`` may see."""
    allowed = user_boards_allowing(user, Capability.VIEW_MEMBERS)
    return {b.pk for b in boards if b.pk in allowed}


def _declare(view: View, rule: str, capability: Capability | None = None) -> View:
    view.access_rule = rule  # type: ignore[attr-defined]
    view.access_capability = capability  # type: ignore[attr-defined]
    return view


def public_view(view: View) -> View:
    """Declare a view open to everyone; it must show only public information itself."""
    return _declare(view, ACCESS_PUBLIC)


def login_required_view(view: View) -> View:
    """Declare a view for any signed-in user about their own work (e.g. "My actions").

    Anonymous → redirect to login. The view must show only what the user may see.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _declare(wrapped, ACCESS_LOGIN)


def login_required_json_view(view: View) -> View:
    """Declare an endpoint that page scripts call for a signed-in user (drafts, "stay
    signed in"). Anonymous → 401 with ``{"signed_in": false}``, so the script can tell
    that the session has ended instead of following a redirect to the sign-in page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return JsonResponse({"signed_in": False}, status=401)
        return view(request, *args, **kwargs)

    return _declare(wrapped, ACCESS_LOGIN)


def _board_decorator(capability: Capability | None) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
            board = get_object_or_404(Board.objects.select_related("parent"), slug=slug)
            access = BoardAccess(board=board, roles=user_board_roles(request.user, board))
            if capability is not None and not access.allows(capability):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied("Your role on this board does not allow this.")
            return view(request, access=access, **kwargs)

        if capability is None:
            return _declare(wrapped, ACCESS_BOARD)
        return _declare(wrapped, ACCESS_BOARD_PERMISSION, capability)

    return decorator


board_view = _board_decorator(None)
"""Declare a view about the board named by the URL's ``slug``, open to everyone.

The view receives ``access: BoardAccess`` instead of ``slug`` and must pass
``access.is_member`` to the selectors it reads through, which leave out (or
404 on) what only members may see. 404 for an unknown slug.
"""


def board_permission(capability: Capability) -> Callable[[View], View]:
    """Declare a view that needs ``capability`` on the URL's board.

    Anonymous → redirect to login; signed in without the capability → 403;
    unknown slug → 404. The view receives ``access: BoardAccess`` instead of
    ``slug``; object-level checks (e.g. "leads this action") stay in the view's
    selector and answer 404.
    """
    return _board_decorator(capability)


board_members_only = board_permission(Capability.VIEW_MEMBERS)
"""Declare a view for the board's members only (any role): anonymous → login, others → 403."""


def user_manages_a_board(user: Any) -> bool:
    """True for staff and for anyone who may manage the membership of at least one board
    (a clerk): who may open the partnership's people, organisations and board kinds pages
    and its import. Two queries at most."""
    if user_is_staff(user):
        return True
    return bool(user_boards_allowing(user, Capability.MANAGE_PARTNERSHIP))


def user_may_add_top_boards(user: Any) -> bool:
    """True when ``user`` may set up a new partnership: add a board that reports to none.

    Staff, and users an administrator has given the "Can add board" permission
    (boards.add_board) so that a new partnership's clerk can start from an empty portal.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user_is_staff(user) or user.has_perm("boards.add_board")


def user_may_set_up(user: Any) -> bool:
    """True when ``user`` may open the partnership's set-up pages and its import: anyone
    who manages a board (user_manages_a_board) or may add a top board
    (user_may_add_top_boards)."""
    return user_manages_a_board(user) or user_may_add_top_boards(user)
