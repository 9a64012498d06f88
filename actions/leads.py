"""Who may lead an action raised under a minute: anyone in the partnership, or a body.

A lead is chosen as one value: ``person:<pk>`` (someone of the board's
partnership, boards.minutes.selectors.board_partnership_people) or
``org:<pk>`` (an organisation of the partnership); a body ("All partners")
is typed instead. The same values come from the type-ahead's JSON endpoint
(actions.views_leads.lead_search) and the select it enhances
(static/js/lead-search.js), so the form works with or without JavaScript.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q

from boards.minutes.selectors import board_partnership_people
from boards.models import Board, Organisation, Person

LEAD_SEARCH_LIMIT = 20
"""Most matches the type-ahead returns for one query."""


def _person_label(person: Person) -> str:
    org = person.organisation.name if person.organisation_id else ""
    return ", ".join(part for part in (person.name, person.post_title, org) if part)


def partnership_organisations(*, board: Board):
    """Organisations with someone in ``board``'s partnership, by name."""
    people = board_partnership_people(board=board).exclude(organisation=None)
    return Organisation.objects.filter(pk__in=people.values("organisation_id")).order_by("name")


def lead_choices(*, board: Board) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a lead select: [("People", [(value, label)…]),
    ("Organisations", […])]; two queries."""
    people = board_partnership_people(board=board).select_related("organisation").order_by(
        "name", "pk"
    )
    return [
        ("People", [(f"person:{p.pk}", _person_label(p)) for p in people]),
        ("Organisations", [(f"org:{o.pk}", o.name)
                           for o in partnership_organisations(board=board)]),
    ]


def lead_search(*, board: Board, query: str) -> list[dict[str, str]]:
    """Leads of ``board``'s partnership matching ``query`` (case-insensitive, in a person's
    name, post or organisation, or an organisation's name or short name), people first:
    ``[{"value": "person:12", "label": "Kate Sandercock, Probation"}…]``, at most
    LEAD_SEARCH_LIMIT. An empty query matches nothing. Two queries."""
    query = query.strip()
    if not query:
        return []
    people = (
        board_partnership_people(board=board)
        .filter(Q(name__icontains=query) | Q(post_title__icontains=query)
                | Q(organisation__name__icontains=query)
                | Q(organisation__short_name__icontains=query))
        .select_related("organisation").order_by("name", "pk")[:LEAD_SEARCH_LIMIT]
    )
    results = [{"value": f"person:{p.pk}", "label": _person_label(p)} for p in people]
    room = LEAD_SEARCH_LIMIT - len(results)
    if room > 0:
        orgs = partnership_organisations(board=board).filter(
            Q(name__icontains=query) | Q(short_name__icontains=query)
        )[:room]
        results += [{"value": f"org:{o.pk}", "label": o.name} for o in orgs]
    return results


def lead_resolve(*, board: Board, value: str) -> Person | Organisation | None:
    """The Person or Organisation a lead value names, if it is one of ``board``'s
    partnership; None for anything else (a stale or forged value)."""
    kind, _, pk = value.partition(":")
    if not pk.isdigit():
        return None
    if kind == "person":
        return board_partnership_people(board=board).filter(pk=int(pk)).first()
    if kind == "org":
        return partnership_organisations(board=board).filter(pk=int(pk)).first()
    return None


def lead_kwargs(lead: Any) -> dict[str, list]:
    """``lead_people`` / ``lead_organisations`` arguments of actions.services.action_raise."""
    if isinstance(lead, Person):
        return {"lead_people": [lead], "lead_organisations": []}
    if isinstance(lead, Organisation):
        return {"lead_people": [], "lead_organisations": [lead]}
    return {"lead_people": [], "lead_organisations": []}
