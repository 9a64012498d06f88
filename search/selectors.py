"""Search across meetings, agenda items, papers, minutes and actions, ranked, with snippets.

On PostgreSQL: full-text search (``websearch_to_tsquery`` with English stemming, so
"meetings" finds "meeting"), matched against each source's GIN-indexed vector
(search.migrations) and ranked by ``ts_rank`` with the first field weighted highest. On
SQLite (the embedded default): every word must appear in one of the fields
(case-insensitive), ranked by how many of the words the first field holds. What a visitor
may see is decided by search.sources. A constant number of queries: two for the visitor's
boards, one per source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from boards.access import Capability, user_boards_allowing, user_is_staff
from boards.models import Board

from .sources import SEARCH_CONFIG, SOURCES, Source

MAX_QUERY_LENGTH = 200
PER_SOURCE = 25
"""At most this many hits from each source before the merged list is cut to ``limit``."""

SNIPPET_CHARS = 220
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    """One result: what it is (``kind``), its ``title``, ``url`` (a path), ``context``
    (board and meeting date), a ``snippet`` (HTML, matched words in <mark>) and its
    ``rank`` (higher is better; only comparable within one search)."""

    kind: str
    title: str
    url: str
    context: str
    snippet: SafeString
    rank: float


def query_words(query: str) -> list[str]:
    """The words of ``query`` (letters and digits), at most 200 characters of it."""
    return _WORD.findall(query[:MAX_QUERY_LENGTH])


def uses_full_text() -> bool:
    """True on PostgreSQL, where search uses full-text search."""
    return connection.vendor == "postgresql"


def snippet(text: str, words: list[str]) -> SafeString:
    """About SNIPPET_CHARS characters of ``text`` around the first word of ``words`` it
    holds (a word's first five letters match, so "meetings" marks "meeting"), HTML-escaped,
    each matched word in <mark>."""
    text = " ".join(text.split())
    stems = [w.lower()[:5] for w in words if w]
    if not stems:
        return mark_safe(escape(text[:SNIPPET_CHARS]))
    pattern = re.compile(
        r"\w*(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE
    )
    first = pattern.search(text)
    start = max(0, first.start() - SNIPPET_CHARS // 3) if first else 0
    window = text[start:start + SNIPPET_CHARS]
    parts: list[str] = ["…" if start else ""]
    last = 0
    for match in pattern.finditer(window):
        parts += [escape(window[last:match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    parts.append(escape(window[last:]))
    if start + SNIPPET_CHARS < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # every piece of the text is escaped above


def _visible_boards(user) -> set[int]:
    if user_is_staff(user):
        return set(Board.objects.values_list("pk", flat=True))
    return user_boards_allowing(user, Capability.VIEW_MEMBERS)


def _full_text(source: Source, qs: QuerySet, query: str) -> QuerySet:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    first, *rest = source.fields
    weighted = SearchVector(first, weight="A", config=SEARCH_CONFIG)
    if rest:
        weighted = weighted + SearchVector(*rest, weight="B", config=SEARCH_CONFIG)
    return (
        qs.annotate(document=source.vector()).filter(document=search_query)
        .annotate(rank=SearchRank(weighted, search_query))
        .order_by("-rank", "-pk")
    )


def _contains(source: Source, qs: QuerySet, words: list[str]) -> QuerySet:
    for word in words:
        match = Q()
        for name in source.fields:
            match |= Q(**{f"{name}__icontains": word})
        qs = qs.filter(match)
    return qs.order_by("-pk")


def _rank(source: Source, row: Model, words: list[str]) -> float:
    first = (getattr(row, source.fields[0]) or "").lower()
    return sum(2.0 if w.lower() in first else 1.0 for w in words)


def search(*, user, query: str, limit: int = 50) -> list[SearchHit]:
    """The hits for ``query`` that ``user`` may see, best first, at most ``limit``.

    Empty for a query with no words. A paper found by its title and by a section is listed
    once, with its best rank.
    """
    words = query_words(query)
    if not words:
        return []
    members = _visible_boards(user)
    full_text = uses_full_text()
    text = " ".join(words) if not full_text else query[:MAX_QUERY_LENGTH]
    hits: dict[tuple[str, str], SearchHit] = {}
    for source in SOURCES:
        qs = source.queryset().filter(source.visible(members))
        qs = _full_text(source, qs, text) if full_text else _contains(source, qs, words)
        for row in qs[:PER_SOURCE]:
            title, url, context = source.describe(row)
            rank = float(row.rank) if full_text else _rank(source, row, words)
            body = " ".join(getattr(row, name) or "" for name in source.fields)
            hit = SearchHit(kind=source.kind, title=title, url=url, context=context,
                            snippet=snippet(body, words), rank=rank)
            key = (source.kind, url)
            if key not in hits or hits[key].rank < rank:
                hits[key] = hit
    return sorted(hits.values(), key=lambda h: (-h.rank, h.kind, h.title))[:limit]
