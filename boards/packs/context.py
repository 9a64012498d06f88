"""What goes into a meeting's agenda pack, edition by edition (DOMAIN.md: Agenda pack).

``notice_context`` gives the notice of meeting; ``agenda_entries`` the agenda;
``body_parts`` the body: one ``PackPart`` per document, in agenda order (item,
then its sub-items; for each: generated content, papers, subgroup update
reports, performance reports). Every part starts on a new right-hand page.

Editions (DOMAIN.md: Publication and access rules): the public pack replaces
each restricted paper, report or agenda item (with its sub-items) by one
"Exempt – paragraph N" part carrying its title and nothing else; the members'
pack prints everything and flags restricted parts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from boards.models import (
    EXEMPT_PARAGRAPHS,
    EXEMPT_PARAGRAPHS_FULL,
    AgendaItem,
    Meeting,
    Membership,
    SecurityClassification,
)
from boards.publishing.cover import paper_cover_context
from boards.publishing.versions import paper_as_published
from indicators.models import PerformanceReport
from subgroups.models import SubgroupReport

from .common import PUBLIC, clock, long_date, meeting_date, top_items
from .generated import action_log_context, forward_plan_context, minutes_context

MEMBER_ROLES = (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.MEMBER)
ROLE_SUFFIX = {Membership.Role.CHAIR: "Chair", Membership.Role.VICE_CHAIR: "Vice-Chair"}


@dataclass
class PackPart:
    """One document of the pack body.

    ``key`` is the anchor id of its first element (``key + "-end"`` marks its
    last); ``item`` the agenda item whose page reference it counts towards.
    ``restricted`` parts (members' pack only) print on "NOT FOR PUBLICATION"
    pages. ``upload`` is a Paper whose uploaded PDF fills ``upload_pages``
    reserved pages; ``report`` a PerformanceReport whose context is built at
    render time from the page references.
    """

    key: str
    kind: str
    title: str
    item: AgendaItem
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    restricted: bool = False
    exempt_paragraph: int | None = None
    landscape: bool = False
    upload: Any = None
    upload_pages: int = 0
    report: Any = None
    outline: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exempt_description(self) -> str:
        return EXEMPT_PARAGRAPHS.get(self.exempt_paragraph or 0, "")


@dataclass
class AgendaEntry:
    """One agenda line: an item or a sub-item, with its computed page reference."""

    item: AgendaItem
    label: str
    title: str
    presenter: str = ""
    minutes_allowed: int | None = None
    description: str = ""
    verbal: bool = False
    exempt_paragraph: int | None = None
    exempt_papers: list[tuple[str, int]] = field(default_factory=list)
    purpose: str = ""
    page_ref: str = ""
    anchor: str = ""
    sub_entries: list[AgendaEntry] = field(default_factory=list)

    @property
    def exempt_description(self) -> str:
        return EXEMPT_PARAGRAPHS.get(self.exempt_paragraph or 0, "")

    @property
    def exempt_paragraphs(self) -> set[int]:
        """Schedule 12A paragraphs of this entry, its exempt papers and its sub-entries."""
        found = {self.exempt_paragraph} if self.exempt_paragraph else set()
        found |= {paragraph for _, paragraph in self.exempt_papers}
        for sub in self.sub_entries:
            found |= sub.exempt_paragraphs
        return found


@dataclass
class Agenda:
    """The printed agenda: Part 1 entries, then Part 2 (exempt items) when there are any.

    ``part_two`` holds the restricted items, numbered as entered. ``exempt_paragraphs``
    lists (paragraph, its full Schedule 12A wording) for every paragraph any item,
    paper or report of the agenda is exempt under, for the resolution to exclude the
    press and public.
    """

    part_one: list[AgendaEntry]
    part_two: list[AgendaEntry]
    exempt_paragraphs: list[tuple[int, str]]
    exempt_documents: list[tuple[str, str, int]] = field(default_factory=list)
    """(item label, title, paragraph) of each exempt paper or report under a Part 1 item."""

    @property
    def entries(self) -> list[AgendaEntry]:
        return [*self.part_one, *self.part_two]


# --- notice of meeting ----------------------------------------------------------------------


_POST_NOMINALS = re.compile(r"(\s+(MBE|OBE|CBE|QPM|JP|KC|QC))+\s*$|\s*\(.*\)\s*$")


def surname_key(name: str) -> tuple[str, str]:
    """Sort key by surname: the last word of ``name`` once post-nominals ("MBE") and a
    bracketed note are dropped, then the whole name. "Cllr Laila M. Butt" sorts as Butt."""
    bare = _POST_NOMINALS.sub("", name).strip() or name
    return (bare.split()[-1].casefold(), name.casefold())


def _members(meeting: Meeting) -> tuple[list[str], list[str]]:
    """Chair and vice-chair(s) with their role, then the other members by surname, current
    on the day."""
    day = meeting_date(meeting)
    memberships = list(
        meeting.board.memberships.current_on(day)
        .select_related("person", "organisation")
        .filter(role__in=MEMBER_ROLES)
    )
    rank = {role: n for n, role in enumerate(MEMBER_ROLES)}
    # An organisation's seat sorts by its representative's surname, or by its own name.
    memberships.sort(key=lambda m: (
        rank[m.role] if m.role in ROLE_SUFFIX else len(rank),
        surname_key(m.person.name) if m.person_id
        else (m.organisation.name.casefold(), m.organisation.name.casefold()),
    ))
    leaders = [
        f"{m.display_name} ({ROLE_SUFFIX[m.role]})" for m in memberships if m.role in ROLE_SUFFIX
    ]
    others = [m.display_name for m in memberships if m.role not in ROLE_SUFFIX]
    return leaders, others


def _and_join(names: list[str]) -> str:
    """"A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _contact_officer(meeting: Meeting):
    if meeting.contact_officer_id:
        return meeting.contact_officer
    clerk = (
        meeting.board.memberships.current_on(meeting_date(meeting))
        .filter(role=Membership.Role.CLERK, person__isnull=False)
        .select_related("person")
        .first()
    )
    return clerk.person if clerk else None


def _logo_uri(logo) -> str:
    """A ``file:`` URI for the board's uploaded logo, or '' (none, or not on local disk)."""
    if not logo:
        return ""
    try:
        return Path(logo.path).as_uri()
    except (NotImplementedError, ValueError):
        return ""


def notice_context(meeting: Meeting) -> dict[str, Any]:
    """The notice of meeting: board, date, times, venue, members, publication, sign-off,
    contact officer, and the pack header's partnership name and logo (Board.pack_identity)."""
    start = timezone.localtime(meeting.start)
    identity = meeting.board.pack_identity()
    times = clock(meeting.start) + (f" - {clock(meeting.end)}" if meeting.end else "")
    leaders, others = _members(meeting)
    # As the notice prints it: "Fiona Taylor (Chair); Rita Chadha, Matthew Cole and Tim Barfoot".
    members_text = "; ".join(leaders + ([_and_join(others)] if others else []))
    return {
        "board_name": meeting.display_title,
        "date_text": f"{start:%A}, {long_date(start.date())}",
        "times": times,
        "venue": meeting.venue,
        "members_text": members_text,
        "publication_date": long_date(meeting.publication_date),
        "contact": _contact_officer(meeting),
        "partnership_name": identity["partnership_name"],
        "logo_uri": _logo_uri(identity["logo"]),
        "sign_off_name": identity["sign_off_name"],
        "sign_off_title": identity["sign_off_title"],
    }


# --- agenda -----------------------------------------------------------------------------------


def _is_verbal(item: AgendaItem, has_content: bool) -> bool:
    if item.is_verbal:
        return True
    found = getattr(item, "pack_verbal_reports", None)
    verbal = bool(found) if found is not None else (
        item.subgroup_reports.filter(status=SubgroupReport.Status.VERBAL).exists())
    # A sub-item stands for one subgroup's report; a whole item is verbal only if nothing else is.
    return verbal and (item.parent_id is not None or not has_content)


def _entry(item: AgendaItem, *, edition: str, keys_with_content: set[int]) -> AgendaEntry:
    restricted_by = item.restricted_by
    hide = edition == PUBLIC and restricted_by is not None
    exempt_papers = [
        (p.title, p.exempt_paragraph)
        for p in item.papers.all()
        if p.supplement_id is None and p.exempt_paragraph and p.is_restricted
        and restricted_by is None
    ]
    return AgendaEntry(
        item=item,
        label=item.label,
        title=item.title,
        presenter=item.presenter or (item.presenter_person.name if item.presenter_person else ""),
        minutes_allowed=item.minutes_allowed,
        description="" if hide else item.description,
        verbal=_is_verbal(item, item.pk in keys_with_content),
        exempt_paragraph=item.exempt_paragraph if item.is_restricted else None,
        exempt_papers=exempt_papers,
        purpose=item.get_purpose_display() if item.purpose else "",
    )


def _submitted_reports(item: AgendaItem) -> list[SubgroupReport]:
    """The item's submitted subgroup update reports (prefetched by ``with_reports``)."""
    found = getattr(item, "pack_subgroup_reports", None)
    if found is None:
        found = list(item.subgroup_reports.filter(status=SubgroupReport.Status.SUBMITTED)
                     .select_related("subgroup", "author_person"))
    return found


def _performance_reports(item: AgendaItem) -> list[PerformanceReport]:
    """The performance reports the item tables, oldest first (prefetched by ``with_reports``)."""
    found = getattr(item, "pack_performance_reports", None)
    if found is None:
        found = list(PerformanceReport.objects.filter(agenda_item=item).order_by("id"))
    return found


def with_reports(items: list[AgendaItem]) -> list[AgendaItem]:
    """Load the submitted and the verbal subgroup reports and the performance reports of
    ``items`` (and their ``pack_sub_items``) in three queries, so a pack asks for them once,
    not once per item."""
    every = [i for top in items for i in [top, *getattr(top, "pack_sub_items", [])]]
    prefetch_related_objects(
        every,
        Prefetch("subgroup_reports", to_attr="pack_subgroup_reports",
                 queryset=SubgroupReport.objects.filter(status=SubgroupReport.Status.SUBMITTED)
                 .select_related("subgroup", "author_person")),
        Prefetch("subgroup_reports", to_attr="pack_verbal_reports",
                 queryset=SubgroupReport.objects.filter(status=SubgroupReport.Status.VERBAL)
                 .only("pk", "agenda_item_id")),
        Prefetch("performance_reports", to_attr="pack_performance_reports",
                 queryset=PerformanceReport.objects.order_by("id")),
    )
    return items


def _restricted_report_paragraphs(item: AgendaItem) -> list[tuple[str, int]]:
    """(title, paragraph) of the restricted subgroup and performance reports under ``item``."""
    found = [
        (r.display_title, r.exempt_paragraph)
        for r in _submitted_reports(item)
        if r.is_restricted and r.exempt_paragraph
    ]
    found += [
        (r.title, r.exempt_paragraph)
        for r in _performance_reports(item)
        if r.is_restricted and r.exempt_paragraph
    ]
    return found


def agenda_entries(meeting: Meeting, *, edition: str, parts: list[PackPart]) -> Agenda:
    """The agenda: numbered items with sub-items; page references are filled in by the builder.

    Items print in their order and numbering as entered. Restricted items go in
    Part 2, after the resolution to exclude the press and public (DOMAIN.md:
    Publication and access rules), which names every exempt paragraph of the
    agenda's items, papers and reports. The public agenda lists a restricted
    item's title and exempt paragraph but neither its description nor its sub-items.
    """
    with_content = {part.item.pk for part in parts}
    part_one, part_two = [], []
    paragraphs: set[int] = set()
    documents: list[tuple[str, str, int]] = []
    for top in with_reports(top_items(meeting, late=False)):
        entry = _entry(top, edition=edition, keys_with_content=with_content)
        if not (edition == PUBLIC and top.is_restricted):
            entry.sub_entries = [
                _entry(sub, edition=edition, keys_with_content=with_content)
                for sub in top.pack_sub_items
            ]
        paragraphs |= entry.exempt_paragraphs
        for item in [top, *top.pack_sub_items]:
            if item.restricted_by is not None:
                continue
            item_entry = entry if item is top else next(
                e for e in entry.sub_entries if e.item.pk == item.pk)
            for title, paragraph in [*item_entry.exempt_papers,
                                     *_restricted_report_paragraphs(item)]:
                documents.append((item.full_label, title, paragraph))
                paragraphs.add(paragraph)
        (part_two if top.is_restricted else part_one).append(entry)
    return Agenda(
        part_one=part_one,
        part_two=part_two,
        exempt_paragraphs=[(p, EXEMPT_PARAGRAPHS_FULL[p]) for p in sorted(paragraphs)],
        exempt_documents=documents,
    )


# --- body -------------------------------------------------------------------------------------


def _exempt_part(*, title: str, item: AgendaItem, paragraph: int | None) -> PackPart:
    return PackPart(
        key="",
        kind="exempt",
        title=title,
        item=item,
        template="packs/parts/exempt.html",
        exempt_paragraph=paragraph,
    )


class _PartMaker:
    """Collects a meeting's parts in order, numbering their anchors."""

    def __init__(self, meeting: Meeting, edition: str, upload_page_count):
        self.meeting = meeting
        self.edition = edition
        self.upload_page_count = upload_page_count
        self.parts: list[PackPart] = []

    def add(self, part: PackPart) -> None:
        part.key = f"part-{len(self.parts) + 1}"
        self.parts.append(part)

    def own_parts(self, item: AgendaItem, *, restricted_by: AgendaItem | None) -> list[PackPart]:
        """The item's documents in the members' form (restricted ones flagged)."""
        out: list[PackPart] = []
        meeting, edition = self.meeting, self.edition

        def make(**kw) -> PackPart:
            part = PackPart(key="", item=item, **kw)
            out.append(part)
            return part

        board_flag = restricted_by.exempt_paragraph if restricted_by else None
        if item.pack_content == AgendaItem.PackContent.MINUTES_AND_ACTION_LOG:
            make(kind="minutes", title="Minutes", template="packs/parts/minutes.html",
                 context=minutes_context(meeting, edition=edition))
            make(kind="action_log", title="Action Log", template="packs/parts/action_log.html",
                 context=action_log_context(meeting, edition=edition), landscape=True)
        elif item.pack_content == AgendaItem.PackContent.FORWARD_PLAN:
            make(kind="forward_plan", title="Forward Plan",
                 template="packs/parts/forward_plan.html",
                 context=forward_plan_context(meeting), landscape=True)
        for paper in item.papers.all():
            if paper.supplement_id is not None:
                continue  # a late paper goes out in its supplementary agenda pack
            # What went out, not what the paper says now (boards.publishing.versions).
            live, (paper, sections) = paper, paper_as_published(paper)
            own = SecurityClassification.RESTRICTED in (paper.security, live.security)
            paragraph = (paper.exempt_paragraph or live.exempt_paragraph) if own else board_flag
            part = make(kind="paper", title=paper.title, template="packs/parts/paper.html",
                        context={"paper": paper, "sections": sections,
                                 **paper_cover_context(live)},
                        restricted=paper.is_restricted or live.is_restricted,
                        exempt_paragraph=paragraph)
            if paper.uploaded_pdf:
                part.upload = paper
                part.upload_pages = self.upload_page_count(paper)
        for report in _submitted_reports(item):
            restricted = report.is_restricted or restricted_by is not None
            make(kind="subgroup_report", title=report.display_title,
                 template="packs/parts/subgroup_report.html", context={"report": report},
                 restricted=restricted,
                 exempt_paragraph=report.exempt_paragraph if report.is_restricted else board_flag)
        for report in _performance_reports(item):
            restricted = report.is_restricted or restricted_by is not None
            make(kind="performance_report", title=report.title,
                 template="indicators/pdf/performance_report.html", report=report,
                 restricted=restricted,
                 exempt_paragraph=report.exempt_paragraph if report.is_restricted else board_flag)
        if restricted_by is not None:
            for part in out:
                part.restricted = True
                part.exempt_paragraph = part.exempt_paragraph or board_flag
        return out

    def add_item(self, item: AgendaItem, parts: list[PackPart]) -> None:
        """Add an unrestricted item's parts; the public pack swaps restricted ones for exempt."""
        for part in parts:
            if self.edition == PUBLIC and part.restricted:
                self.add(_exempt_part(title=part.title, item=item,
                                      paragraph=part.exempt_paragraph))
            else:
                self.add(part)


def _add_restricted(maker: _PartMaker, item: AgendaItem, inner: list[PackPart]) -> None:
    """A restricted item's parts: all of them in the members' pack; in the public pack one
    exempt page in their place (none when the item has no content)."""
    if maker.edition != PUBLIC:
        for part in inner:
            maker.add(part)
    elif inner:
        maker.add(_exempt_part(title=item.title, item=item, paragraph=item.exempt_paragraph))


def body_parts(meeting: Meeting, *, edition: str, upload_page_count) -> list[PackPart]:
    """The pack body's documents in agenda order for ``edition``.

    ``upload_page_count(paper) -> int`` says how many pages a paper's uploaded
    PDF has (the builder reserves that many pages for it).
    """
    maker = _PartMaker(meeting, edition, upload_page_count)
    for top in with_reports(top_items(meeting, late=False)):
        if top.is_restricted:
            inner = maker.own_parts(top, restricted_by=top)
            for sub in top.pack_sub_items:
                inner += maker.own_parts(sub, restricted_by=top)
            _add_restricted(maker, top, inner)
            continue
        maker.add_item(top, maker.own_parts(top, restricted_by=None))
        for sub in top.pack_sub_items:
            if sub.is_restricted:
                _add_restricted(maker, sub, maker.own_parts(sub, restricted_by=sub))
            else:
                maker.add_item(sub, maker.own_parts(sub, restricted_by=None))
    return maker.parts
