"""Reads for the paper, publish, pack status and supplement pages.

Members-only information (restricted papers, the members' pack) is left out
for non-members, as in boards.selectors (DOMAIN.md: Publication and access rules).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from boards.models import (
    AgendaItem,
    Meeting,
    PackRender,
    Paper,
    PaperVersion,
    SecurityClassification,
    SupplementaryAgenda,
    agenda_tree,
    supplement_papers_all,
)
from boards.selectors import PackState, pack_editions
from csp_portal import clock

from .deadlines import publication_deadline


def agenda_item_get(*, meeting: Meeting, pk: int) -> AgendaItem:
    """Agenda item ``pk`` of ``meeting`` (with its parent); Http404 if it is not one of them."""
    item = meeting.agenda_items.select_related("parent", "meeting").filter(pk=pk).first()
    if item is None:
        raise Http404("No such agenda item.")
    return item


def paper_get_for_edit(*, meeting: Meeting, pk: int) -> Paper:
    """Paper ``pk`` of ``meeting`` with its sections, for the clerk; Http404 if missing."""
    paper = (
        Paper.objects.select_related("agenda_item__parent", "agenda_item__meeting", "supplement")
        .prefetch_related("sections")
        .filter(agenda_item__meeting=meeting, pk=pk)
        .first()
    )
    if paper is None:
        raise Http404("No such paper.")
    return paper


@dataclass
class ChecklistRow:
    """One agenda item (or sub-item) on the publish page's papers checklist.

    ``papers`` are (pk, title, exempt paragraph or None, supplement number or None);
    ``lacks_papers`` is
    True when the item has no paper, report or generated content and is not verbal.
    """

    item_pk: int
    label: str
    title: str
    papers: list[tuple[int, str, int | None, int | None]]
    restricted_paragraph: int | None
    lacks_papers: bool


@dataclass
class PublishSummary:
    """The publish page: the deadline, whether it has passed, and the checklist."""

    meeting_day: dt.date
    deadline: dt.date
    deadline_passed: bool
    rows: list[ChecklistRow] = field(default_factory=list)

    @property
    def missing(self) -> list[ChecklistRow]:
        return [row for row in self.rows if row.lacks_papers]

    @property
    def restricted_papers(self) -> int:
        return sum(1 for row in self.rows for paper in row.papers if paper[2] is not None)


def publish_summary(*, meeting: Meeting, today: dt.date | None = None) -> PublishSummary:
    """The deadline (boards.publishing.deadlines) and the papers checklist in agenda order.

    A constant number of queries whatever the agenda's length.
    """
    today = today or clock.today()
    # The meeting's day in local (Europe/London) time, as boards.packs.common.meeting_date
    # gives it; read here without importing boards.packs, whose PDF libraries a web
    # process need not load.
    day = timezone.localdate(meeting.start)
    deadline = publication_deadline(meeting_day=day)
    items = list(
        meeting.agenda_items.select_related("parent")
        .prefetch_related(Prefetch(
            "papers", queryset=Paper.objects.select_related("supplement").order_by("position", "id")
        ))
        .annotate(reports=Count("subgroup_reports", distinct=True)
                  + Count("performance_reports", distinct=True))
    )
    ordered = [item for top, subs in agenda_tree(items) for item in (top, *subs)]
    has_subs = {i.parent_id for i in items if i.parent_id}
    rows = []
    for item in ordered:
        restricted_by = item.restricted_by
        papers = [
            (p.pk, p.title, p.restricting_paragraph,
             p.supplement.number if p.supplement_id else None)
            for p in item.papers.all()
        ]
        content = papers or item.reports or item.pack_content or item.pk in has_subs
        rows.append(ChecklistRow(
            item_pk=item.pk, label=item.full_label, title=item.title, papers=papers,
            restricted_paragraph=restricted_by.exempt_paragraph if restricted_by else None,
            lacks_papers=not content and not item.is_verbal,
        ))
    return PublishSummary(meeting_day=day, deadline=deadline, deadline_passed=today > deadline,
                          rows=rows)


@dataclass
class SupplementState:
    """A supplementary agenda and its packs' states (public; members' for members)."""

    supplement: SupplementaryAgenda
    packs: list[PackState]


def supplement_packs(*, meeting: Meeting, is_member: bool) -> list[SupplementState]:
    """Published supplementary agendas of ``meeting`` in number order, with pack states as
    boards.selectors.meeting_packs gives them. Two queries."""
    editions = pack_editions(is_member=is_member)
    supplements = list(meeting.supplements.filter(published_at__isnull=False).order_by("number"))
    states = {
        s.pk: {e: PackState(edition=e.value, label=e.label) for e in editions}
        for s in supplements
    }
    renders = PackRender.objects.filter(
        supplement__in=supplements, edition__in=editions
    ).order_by("-queued_at", "-id")
    for render in renders:
        states[render.supplement_id][render.edition].add_render(render)
    return [SupplementState(supplement=s, packs=list(states[s.pk].values())) for s in supplements]


def supplement_get(*, meeting: Meeting, number: int, published: bool | None = None):
    """Supplementary agenda ``number`` of ``meeting``; Http404 if missing, or if ``published``
    is given and its publication state differs."""
    query = Q(meeting=meeting, number=number)
    supplement = SupplementaryAgenda.objects.select_related("meeting__board").filter(query).first()
    if supplement is None or (
        published is not None and (supplement.published_at is not None) != published
    ):
        raise Http404("No such supplementary agenda.")
    return supplement


def supplement_papers(*, supplement: SupplementaryAgenda) -> list[Paper]:
    """The supplement's papers in agenda order, with their items."""
    papers = list(supplement_papers_all(supplement).select_related("agenda_item__parent"))
    return sorted(papers, key=lambda p: (
        (p.agenda_item.parent or p.agenda_item).position,
        p.agenda_item.position if p.agenda_item.parent_id else 0, p.position, p.pk,
    ))


def supplement_pack_latest_ready(*, supplement: SupplementaryAgenda, edition: str) -> PackRender:
    """The latest ready render of a supplement's ``edition`` pack; Http404 if there is none."""
    render = (
        supplement.pack_renders.filter(edition=edition, status=PackRender.Status.READY)
        .exclude(file="")
        .order_by("-finished_at", "-queued_at", "-id")
        .first()
    )
    if render is None:
        raise Http404("No pack has been produced for this supplementary agenda yet.")
    return render


def supplement_open(*, meeting: Meeting) -> SupplementaryAgenda | None:
    """The meeting's supplementary agenda not yet published, if any."""
    return meeting.supplements.filter(published_at__isnull=True).order_by("number").first()


def publish_problems(*, summary: PublishSummary) -> list[str]:
    """Why publishing ``summary``'s meeting needs the clerk's confirmation and a reason:
    the deadline has passed, and/or items have no papers (and are not verbal). [] when none.
    """
    problems = []
    if summary.deadline_passed:
        problems.append(f"the publication deadline ({summary.deadline:%-d %B %Y}) has passed")
    missing = summary.missing
    if missing:
        labels = ", ".join(row.label for row in missing)
        problems.append(f"item{'s' if len(missing) != 1 else ''} {labels} "
                        f"{'have' if len(missing) != 1 else 'has'} no papers")
    return problems


# --- what a published paper said --------------------------------------------------------------

@dataclass
class PaperText:
    """A paper's text as a page shows it: the live paper's, or one PaperVersion's content.
    ``sections`` are objects with ``heading``, ``kind``, ``body`` and ``rows``."""

    title: str
    heading: str
    appendix_label: str
    author: str
    paper_date: dt.date | None
    contact: str
    security: str
    uploaded_pdf: bool
    sections: list = field(default_factory=list)

    def get_security_display(self) -> str:
        return SecurityClassification(self.security).label


def paper_text(version: PaperVersion) -> PaperText:
    """``version``'s content as a PaperText."""
    c = version.content
    return PaperText(
        title=c["title"], heading=c.get("heading", ""),
        appendix_label=c.get("appendix_label", ""), author=c.get("author", ""),
        paper_date=dt.date.fromisoformat(c["paper_date"]) if c.get("paper_date") else None,
        contact=c.get("contact", ""), security=c.get("security", "unrestricted"),
        uploaded_pdf=bool(c.get("uploaded_pdf")),
        sections=[SimpleNamespace(heading=s.get("heading", ""), kind=s.get("kind", "text"),
                                  body=s.get("body", ""), rows=s.get("rows", []))
                  for s in c.get("sections", [])],
    )


def paper_versions_published(*, paper: Paper, is_member: bool) -> list[PaperVersion]:
    """The paper's published versions, oldest first; a version classified restricted only
    for members. Empty while the paper has none (not yet published, or published before
    versions were kept and never changed since)."""
    versions = paper.versions.filter(published_at__isnull=False).select_related("supplement")
    return [v for v in versions.order_by("number") if is_member or not v.is_restricted]


def paper_version_get(*, paper: Paper, number: int, is_member: bool) -> PaperVersion:
    """Published version ``number`` of ``paper``; Http404 when there is none, it waits for
    its supplement, or it is restricted and the viewer is not a member."""
    for version in paper_versions_published(paper=paper, is_member=is_member):
        if version.number == number:
            return version
    raise Http404("No such version of this paper.")


def paper_shown_paragraph(*, paper: Paper, version: PaperVersion | None) -> int | None:
    """The exempt paragraph a page of ``paper`` (as ``version`` reads, if given) warns of."""
    if version is not None and version.is_restricted:
        return version.content.get("exempt_paragraph")
    return paper.restricting_paragraph
