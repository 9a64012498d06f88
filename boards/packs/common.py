"""Shared helpers of the agenda pack: editions, dates as the pack prints them, restriction."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from boards.models import AgendaItem, Meeting, PackRender, agenda_tree

PUBLIC = PackRender.Edition.PUBLIC
MEMBERS = PackRender.Edition.MEMBERS


def long_date(day: dt.date | None) -> str:
    """"28 March 2018" ('' for None)."""
    return f"{day.day} {day:%B %Y}" if day else ""


def clock(moment: dt.datetime) -> str:
    """"10:00 am", "1:00 pm" in local time."""
    local = timezone.localtime(moment)
    return f"{local.hour % 12 or 12}:{local:%M} {'am' if local.hour < 12 else 'pm'}"


def meeting_date(meeting: Meeting) -> dt.date:
    """The meeting's day in local (Europe/London) time."""
    return timezone.localtime(meeting.start).date()


def pack_title(meeting: Meeting, edition: str) -> str:
    """The PDF's title: "<board> – 28 March 2018 – agenda pack (members' pack)"."""
    label = PackRender.Edition(edition).label
    return f"{meeting.display_title} – {long_date(meeting_date(meeting))} – agenda pack ({label})"


def supplement_heading(supplement) -> str:
    """"Supplementary agenda pack No. 2", as councils title their late papers' packs."""
    return f"Supplementary agenda pack No. {supplement.number}"


def supplement_title(supplement, edition: str) -> str:
    """The PDF's title: "<board> – 28 March 2018 – Supplementary agenda pack No. 1 (public
    pack)"."""
    meeting = supplement.meeting
    label = PackRender.Edition(edition).label
    return (
        f"{meeting.display_title} – {long_date(meeting_date(meeting))} – "
        f"{supplement_heading(supplement)} ({label})"
    )


def top_items(meeting: Meeting, *, late: bool = True) -> list[AgendaItem]:
    """Top-level agenda items in order, each with ``pack_sub_items`` (its sub-items in order).

    ``late=False`` leaves out late items (added after publication, in a supplementary
    agenda): the main pack stays as it was published.
    """
    # The minute too (one join): the minutes printed in the next pack read it for every item.
    items = meeting.agenda_items.select_related("parent", "minute").prefetch_related(
        "papers__sections", "papers__versions", "papers__sign_offs")
    if not late:
        items = items.filter(supplement__isnull=True)
    items = list(items)
    tree = agenda_tree(items)
    for top, subs in tree:
        top.pack_sub_items = subs
    return [top for top, _ in tree]
