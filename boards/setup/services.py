"""Writes for the partnership's set-up: boards, board kinds, organisations, people and
memberships (DOMAIN.md: Who and what).

Used by the clerk's pages (boards.setup.views) and by the partnership import. Each write
checks its rules first and raises ValidationError with every reason, keyed by field; writes
only the fields that differ; and records an audit entry naming each change as
{field: [old, new]}. A write that changes nothing writes nothing, so an import run twice
changes nothing the second time. ``*_upsert`` find the row by its natural key (organisation
and person by name, board by slug, membership by board, member and role) and report
"created", "updated" or "unchanged".
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils.text import slugify

from csp_portal.audit import audit_entry_create

from ..access import board_descendant_ids
from ..models import Board, BoardKind, Membership, Organisation, Person

ORGANISATION_FIELDS = ("name", "short_name", "responsible_authority")
PERSON_FIELDS = ("name", "post_title", "organisation", "email", "phone")
BOARD_FIELDS = ("name", "short_name", "slug", "kind", "parent", "terms_of_reference",
                "reports_to_parent")
MEMBERSHIP_FIELDS = ("person", "organisation", "deputy", "role", "title_on_board",
                     "start_date", "end_date")
_SLUG = re.compile(r"^[-a-z0-9_]+$")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _text(values: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: (v.strip() if k in names and isinstance(v, str) else v) for k, v in values.items()}


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _create(model: Any, values: dict[str, Any], action: str, summary: str, actor: Any) -> Any:
    obj = model.objects.create(**values)
    audit_entry_create(obj=obj, action=action, actor=actor, summary=summary,
                       detail={k: [None, _plain(v)] for k, v in values.items()})
    return obj


def _change(obj: Any, values: dict[str, Any], action: str, summary: str, actor: Any) -> bool:
    changes = {k: [_plain(getattr(obj, k)), _plain(v)] for k, v in values.items()
               if getattr(obj, k) != v}
    if not changes:
        return False
    for name in changes:
        setattr(obj, name, values[name])
    obj.save(update_fields=list(changes))
    audit_entry_create(obj=obj, action=action, actor=actor,
                       summary=f"{summary}: {', '.join(changes)}", detail=changes)
    return True


# --- Board kinds ------------------------------------------------------------------------------


def board_kind_find(name: str) -> BoardKind | None:
    """The kind named ``name`` or with that slug, ignoring case and spaces/underscores."""
    name = " ".join(name.split())
    slug = slugify(name).replace("-", "_")
    return BoardKind.objects.filter(Q(name__iexact=name) | Q(slug=slug)).first()


@transaction.atomic
def board_kind_add(*, name: str, actor: Any) -> BoardKind:
    """Add a board kind (e.g. "Scrutiny committee"); placed after the others.

    Raises ValidationError when the name is blank, too long or already a kind.
    """
    name = " ".join(name.split())
    if not name:
        _raise({"name": ["Enter the name of the kind of board"]})
    if len(name) > 100:
        _raise({"name": ["The name must be 100 characters or fewer"]})
    if board_kind_find(name):
        _raise({"name": [f"There is already a kind of board called {name}"]})
    last = BoardKind.objects.order_by("-position").values_list("position", flat=True).first()
    return _create(BoardKind, {"name": name, "slug": slugify(name).replace("-", "_"),
                               "position": (last or 0) + 10},
                   "board_kind_add", f"Added the board kind {name}", actor)


# --- Organisations ----------------------------------------------------------------------------


def organisation_errors(values: dict[str, Any], organisation: Organisation | None = None
                        ) -> dict[str, list[str]]:
    """{field: [reasons]} for organisation ``values``: a name, unique, of 200 characters or
    fewer; a short name of 50 or fewer."""
    errors: dict[str, list[str]] = {}
    name = values.get("name", "")
    if not name:
        errors["name"] = ["Enter the organisation's name"]
    elif len(name) > 200:
        errors["name"] = ["The name must be 200 characters or fewer"]
    elif Organisation.objects.filter(name__iexact=name).exclude(
        pk=organisation.pk if organisation else None
    ).exists():
        errors["name"] = [f"There is already an organisation called {name}"]
    if len(values.get("short_name", "")) > 50:
        errors["short_name"] = ["The short name must be 50 characters or fewer"]
    return errors


@transaction.atomic
def organisation_save(*, values: dict[str, Any], actor: Any,
                      organisation: Organisation | None = None) -> tuple[Organisation, bool]:
    """Create an organisation, or change ``organisation``, from ``values`` (any of
    ORGANISATION_FIELDS). Returns it and whether anything changed."""
    values = _text(values, "name", "short_name")
    merged = values if organisation is None else (
        {f: getattr(organisation, f) for f in ORGANISATION_FIELDS} | values)
    _raise(organisation_errors(merged, organisation))
    if organisation is None:
        return _create(Organisation, values, "organisation_add",
                       f"Added the organisation {values['name']}", actor), True
    return organisation, _change(organisation, values, "organisation_change",
                                 f"Changed the organisation {organisation.name}", actor)


def organisation_upsert(*, values: dict[str, Any], actor: Any) -> tuple[Organisation, str]:
    """The organisation named ``values["name"]`` (ignoring case), created or changed."""
    found = Organisation.objects.filter(name__iexact=(values.get("name") or "").strip()).first()
    org, changed = organisation_save(values=values, actor=actor, organisation=found)
    return org, "created" if found is None else "updated" if changed else "unchanged"


# --- People -----------------------------------------------------------------------------------


def person_errors(values: dict[str, Any], person: Person | None = None) -> dict[str, list[str]]:
    """{field: [reasons]} for person ``values``: a name (unique, so imports and lists can
    name them), a valid email if any, and fields within their lengths."""
    errors: dict[str, list[str]] = {}
    name = values.get("name", "")
    if not name:
        errors["name"] = ["Enter the person's name"]
    elif Person.objects.filter(name__iexact=name).exclude(
        pk=person.pk if person else None
    ).exists():
        errors["name"] = [f"There is already a person called {name}"]
    for field, limit in (("name", 200), ("post_title", 200), ("phone", 50)):
        if len(values.get(field, "") or "") > limit:
            errors.setdefault(field, []).append(f"This must be {limit} characters or fewer")
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = [f"{values['email']} is not an email address"]
    return errors


@transaction.atomic
def person_save(*, values: dict[str, Any], actor: Any, person: Person | None = None
                ) -> tuple[Person, bool]:
    """Create a person, or change ``person``, from ``values`` (any of PERSON_FIELDS).
    Returns the person and whether anything changed."""
    values = _text(values, "name", "post_title", "email", "phone")
    merged = values if person is None else ({f: getattr(person, f) for f in PERSON_FIELDS}
                                            | values)
    _raise(person_errors(merged, person))
    if person is None:
        return _create(Person, values, "person_add", f"Added {values['name']}", actor), True
    return person, _change(person, values, "person_change", f"Changed {person.name}", actor)


def person_link_importer(*, person: Person, actor: Any) -> bool:
    """Link ``actor``'s login to ``person`` when it is the importer themself: ``person`` has
    no login, ``actor`` has no person, and their email addresses are the same (ignoring
    case). Only the importer's own login is ever linked, so no one can give another login a
    person's roles. Audited; True when linked."""
    email = (getattr(actor, "email", "") or "").strip()
    if (not getattr(actor, "is_authenticated", False) or not email or person.user_id
            or person.email.strip().casefold() != email.casefold()
            or Person.objects.filter(user=actor).exists()):
        return False
    person.user = actor
    person.save(update_fields=["user"])
    audit_entry_create(obj=person, action="person_link_login", actor=actor,
                       summary=f"Linked {person.name} to the login of the clerk importing",
                       detail={"user": [None, actor.pk]})
    return True


def person_upsert(*, values: dict[str, Any], actor: Any) -> tuple[Person, str]:
    """The person named ``values["name"]`` (ignoring case), created or changed.

    Raises ValidationError when more than one person has that name.
    """
    name = (values.get("name") or "").strip()
    found = list(Person.objects.filter(name__iexact=name)[:2]) if name else []
    if len(found) > 1:
        _raise({"name": [f"Two people are called {name}: change one of them in the portal"]})
    person = found[0] if found else None
    person, changed = person_save(values=values, actor=actor, person=person)
    return person, "created" if not found else "updated" if changed else "unchanged"


# --- Boards -----------------------------------------------------------------------------------


def board_errors(values: dict[str, Any], board: Board | None = None) -> dict[str, list[str]]:
    """{field: [reasons]} for board ``values``: a name; a slug of lower-case letters,
    digits, hyphens and underscores, unique; a kind; and a parent that is neither the
    board itself nor a board below it (boards form a tree of any depth)."""
    errors: dict[str, list[str]] = {}
    if not values.get("name"):
        errors["name"] = ["Enter the board's name"]
    slug = values.get("slug", "")
    if not slug:
        errors["slug"] = ["Enter the board's web address name, for example vawg"]
    elif not _SLUG.match(slug) or len(slug) > 100:
        errors["slug"] = [f"{slug} must be lower-case letters, digits, hyphens or underscores"]
    elif Board.objects.filter(slug=slug).exclude(pk=board.pk if board else None).exists():
        errors["slug"] = [f"There is already a board {slug}"]
    if values.get("kind") is None:
        errors["kind"] = ["Choose the kind of board"]
    parent = values.get("parent")
    if parent is not None and board is not None and (
        parent.pk == board.pk or parent.pk in board_descendant_ids(board)
    ):
        errors["parent"] = [f"{board.name} cannot report to itself or to a board below it"]
    if len(values.get("short_name", "") or "") > 50:
        errors["short_name"] = ["The short name must be 50 characters or fewer"]
    return errors


@transaction.atomic
def board_save(*, values: dict[str, Any], actor: Any, board: Board | None = None
               ) -> tuple[Board, bool]:
    """Create a board, or change ``board``, from ``values`` (any of BOARD_FIELDS).
    Returns the board and whether anything changed. Who may put a board where is the
    views' and the import's decision (boards.access)."""
    values = _text(values, "name", "short_name", "slug", "terms_of_reference")
    merged = values if board is None else ({f: getattr(board, f) for f in BOARD_FIELDS}
                                           | values)
    _raise(board_errors(merged, board))
    if board is None:
        return _create(Board, values, "board_add", f"Added the board {values['name']}",
                       actor), True
    return board, _change(board, values, "board_change", f"Changed {board.name}", actor)


def board_upsert(*, values: dict[str, Any], actor: Any) -> tuple[Board, str]:
    """The board with ``values["slug"]``, created or changed."""
    found = Board.objects.filter(slug=(values.get("slug") or "").strip()).first()
    board, changed = board_save(values=values, actor=actor, board=found)
    return board, "created" if found is None else "updated" if changed else "unchanged"


# --- Memberships ------------------------------------------------------------------------------


def membership_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    """{field: [reasons]} for membership ``values`` (MEMBERSHIP_FIELDS): a person, or an
    organisation (whose person, if any, is its representative); a deputy only for an
    organisation, and not the representative; a role of Membership.Role; an end on or
    after the start."""
    errors: dict[str, list[str]] = {}
    person, organisation = values.get("person"), values.get("organisation")
    if person is None and organisation is None:
        errors["person"] = ["Choose the person, or the organisation, who holds the seat"]
    deputy = values.get("deputy")
    if deputy is not None and organisation is None:
        errors["deputy"] = ["Only an organisation's seat has a deputy"]
    elif deputy is not None and person is not None and deputy.pk == person.pk:
        errors["deputy"] = ["The deputy must be someone other than the representative"]
    if values.get("role") not in Membership.Role.values:
        errors["role"] = ["Choose the role"]
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors["end_date"] = ["The membership must end on or after the day it starts"]
    return errors


def _member(values: dict[str, Any]) -> str:
    if values.get("organisation") is not None:
        return values["organisation"].name
    return values["person"].name if values.get("person") else ""


@transaction.atomic
def membership_add(*, board: Board, values: dict[str, Any], actor: Any) -> Membership:
    """Give a person or an organisation a seat on ``board`` (see membership_errors)."""
    values = _text({"title_on_board": "", **values}, "title_on_board")
    _raise(membership_errors(values))
    role = Membership.Role(values["role"]).label
    return _create(Membership, {"board": board, **values}, "membership_add",
                   f"Added {_member(values)} to {board.name} as {role}", actor)


@transaction.atomic
def membership_change(*, membership: Membership, values: dict[str, Any], actor: Any) -> bool:
    """Change a membership's role, title, representative, deputy or dates (any of
    MEMBERSHIP_FIELDS); True when anything changed."""
    values = _text(values, "title_on_board")
    merged = {f: getattr(membership, f) for f in MEMBERSHIP_FIELDS} | values
    _raise(membership_errors(merged))
    return _change(membership, values, "membership_change",
                   f"Changed the membership of {membership.member_name} of "
                   f"{membership.board.name}", actor)


def membership_end(*, membership: Membership, end_date: dt.date, actor: Any) -> bool:
    """End a membership on ``end_date`` (its last day). Raises ValidationError for a date
    before it started; True when the end date changed."""
    return membership_change(membership=membership, values={"end_date": end_date},
                             actor=actor)


def membership_upsert(*, board: Board, values: dict[str, Any], actor: Any
                      ) -> tuple[Membership, str]:
    """``board``'s membership of the same member (the organisation for its seat, else the
    person) in the same role, created or changed to ``values``; with several (a member who
    left and came back), the current one, else the one that ended last."""
    seat = ({"organisation": values["organisation"]} if values.get("organisation") is not None
            else {"person": values.get("person"), "organisation": None})
    found = (Membership.objects.filter(board=board, role=values.get("role"), **seat)
             .order_by(F("end_date").desc(nulls_first=True),
                       F("start_date").desc(nulls_last=True), "-pk")
             .first())
    if found is None:
        return membership_add(board=board, values=values, actor=actor), "created"
    changed = membership_change(membership=found, values=values, actor=actor)
    return found, "updated" if changed else "unchanged"
