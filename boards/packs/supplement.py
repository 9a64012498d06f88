"""What goes into a supplementary agenda pack (DOMAIN.md: Publication and access rules).

A council issues late papers and late items as "Supplementary agenda pack No. N":
its pages continue the numbers of the pack before it (main pack to page 107, the
supplement from 108), and its agenda prints each late item once, numbered as
entered, with one page range and its reasons for urgency. A late item with no
paper (verbal) is listed with its reasons too.

``supplement_parts`` gives the body; ``supplement_entries`` the agenda lines;
boards.packs.render.supplement_first_page the number its first page prints.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from boards.models import EXEMPT_PARAGRAPHS, AgendaItem, SupplementaryAgenda, supplement_papers_all
from boards.publishing.cover import paper_cover_context
from boards.publishing.versions import paper_as_published

from .common import PUBLIC
from .context import PackPart, _exempt_part, _PartMaker


@dataclass
class SupplementEntry:
    """One late item on a supplementary agenda: printed once, with one page range.

    ``papers`` are the titles of its parts in this pack (an exempt part gives the title
    the edition may show); ``reasons`` its reasons for urgency, in the order given;
    ``page_ref`` and ``anchor`` are filled in by the builder.
    """

    item: AgendaItem
    label: str
    title: str
    papers: list[str] = field(default_factory=list)
    exempt_paragraph: int | None = None
    verbal: bool = False
    reasons: list[str] = field(default_factory=list)
    page_ref: str = ""
    anchor: str = ""

    @property
    def exempt_description(self) -> str:
        return EXEMPT_PARAGRAPHS.get(self.exempt_paragraph or 0, "")


def _agenda_order(item: AgendaItem) -> tuple[int, int, int]:
    top = item.parent or item
    return (top.position, item.position if item.parent_id else 0, item.pk)


def supplement_parts(supplement, *, edition: str, upload_page_count) -> list[PackPart]:
    """The documents of a supplementary agenda pack: only ``supplement``'s papers, in agenda
    order (item, sub-item, paper position).

    Restricted papers (themselves, or under a restricted item) follow the main
    pack's rule: the public edition prints one "Exempt – paragraph N" page in
    their place (DOMAIN.md: Agenda pack; Publication and access rules).
    """
    papers = list(
        supplement_papers_all(supplement).select_related("agenda_item__parent")
        .prefetch_related("sections")
    )

    def order(paper):
        return (*_agenda_order(paper.agenda_item)[:2], paper.position, paper.pk)

    maker = _PartMaker(supplement.meeting, edition, upload_page_count)
    for live in sorted(papers, key=order):
        paper, sections = paper_as_published(live, supplement=supplement)
        paragraph = paper.restricting_paragraph or live.restricting_paragraph
        restricted = paragraph is not None
        if edition == PUBLIC and restricted:
            # Under a restricted item the public sees only that item's title, as in the main pack.
            item = paper.agenda_item.restricted_by or paper.agenda_item
            title = item.title if item.is_restricted else paper.title
            maker.add(_exempt_part(title=title, item=item, paragraph=paragraph))
            continue
        part = PackPart(
            key="", kind="paper", title=paper.title, item=paper.agenda_item,
            template="packs/parts/paper.html",
            context={"paper": paper, "sections": sections, **paper_cover_context(live)},
            restricted=restricted, exempt_paragraph=paragraph,
        )
        if paper.uploaded_pdf:
            part.upload = paper
            part.upload_pages = upload_page_count(paper)
        maker.add(part)
    return maker.parts


def _add_reason(entry: SupplementEntry, reason: str) -> None:
    reason = reason.strip()
    if reason and reason not in entry.reasons:
        entry.reasons.append(reason)


def supplement_entries(
    supplement: SupplementaryAgenda, *, edition: str, parts: list[PackPart]
) -> list[SupplementEntry]:
    """The supplementary agenda's lines in agenda order: one per item that has parts in this
    pack or was added late to it (a verbal late item has none).

    Reasons for urgency come from the late item and from its late papers. The public
    edition shows a restricted item's title and exempt paragraph only, never its
    reasons (they may describe the exempt matter).
    """
    entries: dict[int, SupplementEntry] = {}

    def entry_for(item: AgendaItem) -> SupplementEntry:
        if item.pk not in entries:
            restricted_by = item.restricted_by
            entries[item.pk] = SupplementEntry(
                item=item, label=item.full_label, title=item.title,
                exempt_paragraph=restricted_by.exempt_paragraph if restricted_by else None,
            )
        return entries[item.pk]

    for part in parts:
        entry = entry_for(part.item)
        entry.papers.append(part.title)
        if part.exempt_paragraph and not entry.exempt_paragraph:
            entry.exempt_paragraph = part.exempt_paragraph
    late_items = supplement.agenda_items.select_related("parent")
    for item in late_items:
        entry = entry_for(item)
        entry.verbal = item.pk not in {part.item.pk for part in parts}
    public = edition == PUBLIC
    for item in late_items:
        if not (public and item.restricted_by is not None):
            _add_reason(entries[item.pk], item.urgency_reason)
    for paper in supplement_papers_all(supplement).select_related("agenda_item__parent"):
        restricted = paper.is_restricted
        item = paper.agenda_item
        if public and restricted:
            continue
        key = item.pk if item.pk in entries else (item.restricted_by or item).pk
        if key in entries:
            _add_reason(entries[key], paper.urgency_reason)
    return sorted(entries.values(), key=lambda e: _agenda_order(e.item))
