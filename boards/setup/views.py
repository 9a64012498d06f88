"""The clerk's set-up pages: boards and the boards below them, memberships, people,
organisations and kinds of board, each change audited (boards.setup.services).

Access (boards.access): a board's pages need MANAGE_PARTNERSHIP on it (its clerk, the clerk
of a board above it, staff). The partnership-wide pages (people, organisations, kinds of
board) are for anyone who manages at least one board or may set up a partnership
(user_may_set_up), and adding a top board for those who may set up a partnership
(user_may_add_top_boards); others get 403.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ..access import (
    BoardAccess,
    Capability,
    board_permission,
    login_required_view,
    user_may_add_top_boards,
    user_may_set_up,
)
from ..models import Board
from . import selectors, services
from .forms import (
    BoardForm,
    BoardKindForm,
    MembershipEndForm,
    MembershipForm,
    OrganisationForm,
    PersonForm,
)

manage_partnership = board_permission(Capability.MANAGE_PARTNERSHIP)


def _require_manager(request: HttpRequest) -> None:
    if not user_may_set_up(request.user):
        raise PermissionDenied("Only a partnership's clerk may change its set-up.")


def _apply(form: Form, change: Any) -> bool:
    """Run ``change()``; put a ValidationError's messages on ``form``. True when done."""
    try:
        change()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return False
    return True


def _form_page(request: HttpRequest, form: Form, *, heading: str, back: str,
               caption: str = "Set up your partnership", intro: str = "",
               **extra: Any) -> HttpResponse:
    context = {"form": form, "heading": heading, "back_url": back, "caption": caption,
               "intro": intro, **extra}
    return render(request, "boards/setup/form.html", context)


def _saved(request: HttpRequest, text: str, changed: bool) -> None:
    messages.success(request, text if changed else f"{text}: nothing was different")


# --- Partnership-wide pages -------------------------------------------------------------------


@login_required_view
def setup_home(request: HttpRequest) -> HttpResponse:
    """Where the clerk starts: the import, people, organisations, kinds, and their boards."""
    _require_manager(request)
    context = {"boards": selectors.managed_boards(user=request.user),
               "may_add_top": user_may_add_top_boards(request.user)}
    return render(request, "boards/setup/home.html", context)


@login_required_view
def person_list(request: HttpRequest) -> HttpResponse:
    """Everyone the portal knows, with their post and organisation."""
    _require_manager(request)
    return render(request, "boards/setup/people.html", {"people": selectors.people_list()})


@login_required_view
def person_add(request: HttpRequest) -> HttpResponse:
    """Add a person."""
    _require_manager(request)
    form = PersonForm(request.POST or None)
    done: list = []
    if request.method == "POST" and form.is_valid() and _apply(form, lambda: done.append(
        services.person_save(values=form.values(), actor=request.user)
    )):
        messages.success(request, f"{done[0][0].name} added")
        return redirect("boards:setup_person_list")
    return _form_page(request, form, heading="Add a person",
                      back=reverse("boards:setup_person_list"))


@login_required_view
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a person's details; lists the seats they hold."""
    _require_manager(request)
    person = selectors.person_get(pk=pk)
    form = PersonForm(request.POST or None, person=person)
    done: list = []
    if request.method == "POST" and form.is_valid() and _apply(form, lambda: done.append(
        services.person_save(values=form.values(), actor=request.user, person=person)
    )):
        _saved(request, f"{person.name} saved", done[0][1])
        return redirect("boards:setup_person_list")
    return _form_page(request, form, heading=f"Change {person.name}",
                      back=reverse("boards:setup_person_list"),
                      seats=selectors.person_memberships(person=person))


@login_required_view
def organisation_list(request: HttpRequest) -> HttpResponse:
    """Every organisation, responsible authorities marked."""
    _require_manager(request)
    return render(request, "boards/setup/organisations.html",
                  {"organisations": selectors.organisation_list()})


@login_required_view
def organisation_add(request: HttpRequest) -> HttpResponse:
    """Add an organisation."""
    _require_manager(request)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _apply(
        form, lambda: services.organisation_save(values=form.values(), actor=request.user)
    ):
        messages.success(request, f"{form.cleaned_data['name']} added")
        return redirect("boards:setup_organisation_list")
    return _form_page(request, form, heading="Add an organisation",
                      back=reverse("boards:setup_organisation_list"))


@login_required_view
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an organisation."""
    _require_manager(request)
    organisation = selectors.organisation_get(pk=pk)
    form = OrganisationForm(request.POST or None, organisation=organisation)
    done: list = []
    if request.method == "POST" and form.is_valid() and _apply(form, lambda: done.append(
        services.organisation_save(values=form.values(), actor=request.user,
                                   organisation=organisation)
    )):
        _saved(request, f"{organisation.name} saved", done[0][1])
        return redirect("boards:setup_organisation_list")
    return _form_page(request, form, heading=f"Change {organisation.name}",
                      back=reverse("boards:setup_organisation_list"))


@login_required_view
def board_kinds(request: HttpRequest) -> HttpResponse:
    """The kinds of board, and a form to add one."""
    _require_manager(request)
    form = BoardKindForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _apply(
        form, lambda: services.board_kind_add(name=form.cleaned_data["name"],
                                              actor=request.user)
    ):
        messages.success(request, f"{form.cleaned_data['name']} added")
        return redirect("boards:setup_board_kinds")
    context = {"kinds": selectors.board_kind_list(), "form": form}
    return render(request, "boards/setup/board_kinds.html", context)


@login_required_view
def board_add_top(request: HttpRequest) -> HttpResponse:
    """Add a board that reports to none: a new partnership's top board."""
    if not user_may_add_top_boards(request.user):
        raise PermissionDenied("Only an administrator may start a new partnership.")
    parents, _ = selectors.parent_choices(user=request.user)
    form = BoardForm(request.POST or None, parents=parents, may_be_top=True)
    done: list = []
    if request.method == "POST" and form.is_valid() and _apply(form, lambda: done.append(
        services.board_save(values=form.values(), actor=request.user)
    )):
        board = done[0][0]
        messages.success(request, f"{board.name} added")
        return redirect("boards:setup_board", slug=board.slug)
    return _form_page(request, form, heading="Add a board", back=reverse("boards:setup_home"))


# --- A board's pages --------------------------------------------------------------------------


def _board_url(board: Board) -> str:
    return reverse("boards:setup_board", args=[board.slug])


@manage_partnership
def board_setup(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """A board's set-up: its details, the boards below it, and its memberships."""
    current, other = selectors.board_memberships(board=access.board)
    context = {"access": access, "board": access.board, "current": current, "other": other,
               "children": access.board.children.order_by("name")}
    return render(request, "boards/setup/board.html", context)


@manage_partnership
def board_edit(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """Change a board's name, web address name, kind, the board it reports to or its terms."""
    board = access.board
    parents, may_be_top = selectors.parent_choices(user=request.user, board=board)
    form = BoardForm(request.POST or None, parents=parents, may_be_top=may_be_top, board=board)
    done: list = []
    if request.method == "POST" and form.is_valid() and _apply(form, lambda: done.append(
        services.board_save(values=form.values(), actor=request.user, board=board)
    )):
        _saved(request, f"{board.name} saved", done[0][1])
        return redirect(_board_url(board))
    return _form_page(request, form, heading=f"Change {board.name}", back=_board_url(board),
                      caption=board.name)


@manage_partnership
def board_add_below(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """Add a board that reports to this one (a subgroup, panel, delivery group…)."""
    parent = access.board
    form = BoardForm(request.POST or None, fixed_parent=True)
    done: list = []
    if request.method == "POST" and form.is_valid() and _apply(form, lambda: done.append(
        services.board_save(values={**form.values(), "parent": parent}, actor=request.user)
    )):
        board = done[0][0]
        messages.success(request, f"{board.name} added under {parent.name}")
        return redirect(_board_url(board))
    return _form_page(request, form, heading=f"Add a board reporting to {parent.name}",
                      back=_board_url(parent), caption=parent.name)


@manage_partnership
def membership_add(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """Give a person, or an organisation, a seat on the board."""
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _apply(
        form, lambda: services.membership_add(board=access.board, values=form.values(),
                                              actor=request.user)
    ):
        messages.success(request, "Member added")
        return redirect(_board_url(access.board))
    return _form_page(request, form, heading=f"Add a member to {access.board.name}",
                      back=_board_url(access.board), caption=access.board.name,
                      intro="An organisation's seat gives its role to its named "
                            "representative and its deputy.")


@manage_partnership
def membership_edit(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """Change a membership: the role, title, representative, deputy or dates."""
    membership = selectors.membership_get(board=access.board, pk=pk)
    form = MembershipForm(request.POST or None, membership=membership)
    done: list = []
    if request.method == "POST" and form.is_valid() and _apply(form, lambda: done.append(
        services.membership_change(membership=membership, values=form.values(),
                                   actor=request.user)
    )):
        _saved(request, f"Membership of {membership.member_name} saved", done[0])
        return redirect(_board_url(access.board))
    return _form_page(request, form, heading=f"Change the membership of {membership.member_name}",
                      back=_board_url(access.board), caption=access.board.name)


@manage_partnership
def membership_end(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """End a membership on a day (today unless changed)."""
    membership = selectors.membership_get(board=access.board, pk=pk)
    form = MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _apply(
        form, lambda: services.membership_end(membership=membership, actor=request.user,
                                              end_date=form.cleaned_data["end_date"])
    ):
        messages.success(request, f"Membership of {membership.member_name} ended")
        return redirect(_board_url(access.board))
    return _form_page(request, form, heading=f"End the membership of {membership.member_name}",
                      back=_board_url(access.board), caption=access.board.name)
