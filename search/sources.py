"""What search looks in: each source's model, searched fields and who may see a row.

A row is found only by those who may see it (boards.access and DOMAIN.md: Publication and
access rules): a meeting once its agenda is published, or by the board's members; a
restricted agenda item, paper (restricted itself or under a restricted item) or the minute
of one, only by members; minutes before they are confirmed only by members; actions only
by members (the action log is members-only).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector
from django.db.models import Model, Q, QuerySet
from django.urls import reverse

from actions.models import Action
from boards.models import AgendaItem, Meeting, Minute, Paper, PaperSection, SecurityClassification
from boards.selectors import PUBLISHED_STATUSES

SEARCH_CONFIG = "english"
"""PostgreSQL's text search configuration: English stemming and stop words."""


@dataclass(frozen=True)
class Source:
    """One kind of thing search finds.

    ``fields`` are the searched text fields, the first the most telling (its matches rank
    higher); ``meeting`` is the path to the row's meeting; ``visible`` builds the filter of
    rows a visitor may see from the boards whose members' information they may see;
    ``describe`` gives a row's (title, url, context).
    """

    kind: str
    model: type[Model]
    fields: tuple[str, ...]
    meeting: str
    related: tuple[str, ...]
    visible: Callable[[set[int]], Q]
    describe: Callable[[Model], tuple[str, str, str]]
    index_name: str

    def queryset(self) -> QuerySet:
        return self.model.objects.select_related(*self.related)

    def vector(self) -> SearchVector:
        """The unweighted vector the GIN index (search.migrations) is built on."""
        return SearchVector(*self.fields, config=SEARCH_CONFIG)


def _meeting_visible(path: str, members: set[int]) -> Q:
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}status__in": PUBLISHED_STATUSES}) | Q(
        **{f"{prefix}board_id__in": members}
    )


def _member(path: str, members: set[int]) -> Q:
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}board_id__in": members})


def _item_restricted(path: str) -> Q:
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}is_restricted": True}) | Q(**{f"{prefix}parent__is_restricted": True})


def _paper_restricted(path: str) -> Q:
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}security": SecurityClassification.RESTRICTED}) | _item_restricted(
        f"{prefix}agenda_item"
    )


def _when(meeting: Meeting) -> str:
    return f"{meeting.board.name}, {meeting.start:%-d %B %Y}"


def _meeting_url(meeting: Meeting) -> str:
    return reverse("boards:meeting_detail", args=[meeting.board.slug, meeting.pk])


def _paper_url(paper: Paper) -> str:
    meeting = paper.agenda_item.meeting
    return reverse("boards:paper_detail", args=[meeting.board.slug, meeting.pk, paper.pk])


SOURCES: tuple[Source, ...] = (
    Source(
        kind="Meeting", model=Meeting, fields=("title", "venue"), meeting="",
        related=("board",),
        visible=lambda m: _meeting_visible("", m),
        describe=lambda o: (o.display_title, _meeting_url(o), _when(o)),
        index_name="search_meeting_gin",
    ),
    Source(
        kind="Agenda item", model=AgendaItem, fields=("title", "description"),
        meeting="meeting", related=("meeting__board",),
        visible=lambda m: _meeting_visible("meeting", m)
        & (~_item_restricted("") | _member("meeting", m)),
        describe=lambda o: (o.title, f"{_meeting_url(o.meeting)}#item-{o.pk}", _when(o.meeting)),
        index_name="search_agendaitem_gin",
    ),
    Source(
        kind="Paper", model=Paper, fields=("title", "heading", "author"),
        meeting="agenda_item__meeting", related=("agenda_item__meeting__board",),
        visible=lambda m: _meeting_visible("agenda_item__meeting", m)
        & (~_paper_restricted("") | _member("agenda_item__meeting", m)),
        describe=lambda o: (o.title, _paper_url(o), _when(o.agenda_item.meeting)),
        index_name="search_paper_gin",
    ),
    Source(
        kind="Paper", model=PaperSection, fields=("heading", "body"),
        meeting="paper__agenda_item__meeting",
        related=("paper__agenda_item__meeting__board",),
        visible=lambda m: _meeting_visible("paper__agenda_item__meeting", m)
        & (~_paper_restricted("paper") | _member("paper__agenda_item__meeting", m)),
        describe=lambda o: (o.paper.title, _paper_url(o.paper), _when(o.paper.agenda_item.meeting)),
        index_name="search_papersection_gin",
    ),
    Source(
        kind="Minutes", model=Minute, fields=("text", "decisions"),
        meeting="agenda_item__meeting", related=("agenda_item__meeting__board",),
        visible=lambda m: _member("agenda_item__meeting", m) | (
            Q(agenda_item__meeting__status=Meeting.Status.MINUTES_CONFIRMED)
            & ~_item_restricted("agenda_item")
        ),
        describe=lambda o: (
            f"Minutes: {o.agenda_item.title}",
            reverse("boards:minutes_detail", args=[o.agenda_item.meeting.board.slug,
                                                  o.agenda_item.meeting_id]),
            _when(o.agenda_item.meeting),
        ),
        index_name="search_minute_gin",
    ),
    Source(
        kind="Action", model=Action, fields=("description", "comments"), meeting="raised_at",
        related=("board",),
        visible=lambda m: Q(board_id__in=m),
        describe=lambda o: (
            f"Action {o.log_reference}: {o.description[:80]}",
            reverse("actions:action_detail", args=[o.board.slug, o.number]),
            o.board.name,
        ),
        index_name="search_action_gin",
    ),
)
