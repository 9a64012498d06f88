"""Render a meeting's agenda pack to one PDF (DOMAIN.md: Agenda pack).

The body is laid out in pieces (``body_pieces``; csp_portal.pdf_sequence): each
part (a paper, the minutes, a subgroup report...) is one piece starting on a
right-hand page, and the performance report is its head and its one-page
summaries in groups. Each piece is laid out on its own, by this process or by the
workers at the same time (``settings.PACK_PART_TASKS``), and kept in the part
store under a key made of its HTML, stylesheets and fonts: a piece that has not
changed is never laid out again, even when it moves to another page, and a piece
both editions print alike is laid out once. Page numbers are not part of a
piece: they are stamped on the assembled file from a footer overlay. Page
references are computed, never typed: the page each anchor lands on is read from
the pieces' layouts (the performance report's head, which prints its summaries'
pages, is laid out once those are known). The front matter (notice and agenda) is
then laid out with the references, padded to an even number of pages so the body
starts on a right-hand page, and the pieces are stitched into one tagged PDF
(one structure tree, links and anchors across pieces: csp_portal.pdf_parts).
Uploaded PDF papers get as many reserved body pages as they have pages; their
pages are then stamped onto those pages (as artifacts: csp_portal.pdf_finish), so
the footers' numbering stays right.

Every agenda page reference links to its page, and the PDF outline (bookmarks)
follows the agenda: one entry per item, its sub-items nested, and one per
indicator under the performance report (``pack_outline``).

A supplementary agenda pack continues the page numbers of the pack before it
(DOMAIN.md: Publication and access rules): the build takes ``first_page``, the
number its first body page prints, and every printed number (footers, agenda
page references, link descriptions) is offset by it. Anchors, links and
bookmarks go by physical page, so they need no offset.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string

from boards.models import Meeting, PackRender
from csp_portal import pdf, pdf_cache, pdf_finish, pdf_parts, pdf_sequence
from indicators.report.context import performance_report_context
from indicators.report.pieces import report_outline_labels, report_pieces

from .common import pack_title, supplement_heading, supplement_title
from .context import PackPart, agenda_entries, body_parts, notice_context
from .supplement import supplement_entries, supplement_parts
from .uploads import UploadError, stamp_uploads, upload_page_count

logger = logging.getLogger(__name__)

STYLESHEETS = ("packs/pack.css",)
BODY_STYLESHEETS = (*STYLESHEETS, "indicators/pdf/performance_report.css")
FOOTER_STYLESHEETS = (*STYLESHEETS, "packs/footers.css")


class PackBuildError(Exception):
    """The pack cannot be built (e.g. an uploaded paper is unreadable); the message says why."""


@dataclass
class PackBuild:
    """A built pack: the PDF bytes and what the PackRender records about it.

    ``page_references`` maps an agenda item's pk (as text) to ``[first, last]``
    body page numbers as printed in the footers. ``front_pages`` counts the
    unnumbered front matter pages (filler included). ``first_page`` and
    ``last_page`` are the numbers the first and last body pages print
    (``last_page`` is ``first_page - 1`` when there is no body). ``layouts``
    counts the documents that had to be laid out (the others came from the part
    cache).
    """

    pdf: bytes
    title: str
    page_count: int
    front_pages: int
    body_pages: int
    page_references: dict[str, list[int]] = field(default_factory=dict)
    layouts: int = 0
    first_page: int = 1
    last_page: int = 0


def format_page_reference(first: int, last: int) -> str:
    """"(Page 11)" or "(Pages 1 - 9)", as the agenda prints it."""
    return f"(Page {first})" if first == last else f"(Pages {first} - {last})"


def item_page_ranges(parts: list[PackPart], pages: dict[str, int]) -> dict[int, tuple[int, int]]:
    """First and last body page of each agenda item's content, sub-items counting for parents.

    The last page is the page of the part's end anchor: its last page with
    content, never the blank filler that may follow.
    """
    ranges: dict[int, tuple[int, int]] = {}
    for part in parts:
        first = pages[part.key]
        last = pages.get(f"{part.key}-end", first)
        for item_pk in {part.item.pk, part.item.parent_id} - {None}:
            lo, hi = ranges.get(item_pk, (first, last))
            ranges[item_pk] = (min(lo, first), max(hi, last))
    return ranges


def item_first_anchors(parts: list[PackPart], pages: dict[str, int]) -> dict[int, str]:
    """The anchor of the first body page of each agenda item (sub-items counting for parents):
    what its agenda page reference links to."""
    found: dict[int, tuple[int, str]] = {}
    for part in parts:
        page = pages[part.key]
        for item_pk in {part.item.pk, part.item.parent_id} - {None}:
            if item_pk not in found or page < found[item_pk][0]:
                found[item_pk] = (page, part.key)
    return {pk: key for pk, (_, key) in found.items()}


def _entry_label(entry) -> str:
    return f"{entry.item.full_label if entry.item.parent_id else entry.label + '.'} {entry.title}"


def pack_outline(
    agenda, *, front_pages: dict[str, int], body_pages: dict[str, int], front_count: int,
    body_first: dict[int, str], parts: list[PackPart],
) -> list[pdf_finish.OutlineEntry]:
    """The pack's bookmarks: "Notice of meeting", "Agenda", then one per agenda item in
    agenda order with its sub-items nested, and one per indicator summary nested under
    the item that holds the performance report.

    An item opens its first page of content, or its line on the agenda when it has
    none. ``front_pages``/``body_pages`` map anchors to pages (from 1) of the front
    matter and of the body; ``front_count`` is the number of front pages.
    A performance report part's ``outline`` ((anchor, label) of each one-page
    summary, set when it is rendered) gives the indicators' entries.
    """
    def entry_node(entry) -> pdf_finish.OutlineEntry:
        key = body_first.get(entry.item.pk)
        if key is not None:
            index = front_count + body_pages[key] - 1
        else:
            index = front_pages.get(f"agenda-{entry.item.pk}", 2) - 1
        return pdf_finish.OutlineEntry(title=_entry_label(entry), page_index=index)

    by_key = {}
    nodes = []
    for entry in agenda.entries:
        node = entry_node(entry)
        by_key[entry.item.pk] = node
        for sub in entry.sub_entries:
            child = entry_node(sub)
            by_key[sub.item.pk] = child
            node.children.append(child)
        nodes.append(node)
    for part in parts:
        node = by_key.get(part.item.pk)
        for anchor, label in part.outline:
            if node is not None and anchor in body_pages:
                node.children.append(pdf_finish.OutlineEntry(
                    title=label, page_index=front_count + body_pages[anchor] - 1))
    return [
        pdf_finish.OutlineEntry(title="Notice of meeting", page_index=0),
        pdf_finish.OutlineEntry(title="Agenda", page_index=front_pages.get("agenda", 1) - 1),
        *nodes,
    ]


def _part_html(part: PackPart, *, base: dict) -> str:
    context = {**base, "part": part, **part.context}
    if part.kind == "subgroup_report":
        report = part.context["report"]
        context["author"] = report.author or (
            report.author_person.name_and_post if report.author_person else ""
        )
    return render_to_string(part.template, context)


def _body_html(part: PackPart, html: str, *, title: str, continued: bool = False,
               last: bool = True) -> str:
    """A piece of the body: ``html`` in the part's section; a ``continued`` piece goes on
    from the piece before (no anchor, no not-for-publication line); the ``last`` carries
    the part's end anchor."""
    return render_to_string("packs/body.html", {
        "title": title,
        "rows": [{**_part_row(part, html), "continued": continued, "last": last}],
    })


def body_pieces(*, parts: list[PackPart], base: dict) -> list[pdf_sequence.Piece]:
    """The body as pieces (csp_portal.pdf_sequence): one per part, each starting on a
    right-hand page, except that the performance report is its head (which prints the
    pages of its one-page summaries) and then its summaries in groups
    (indicators.report.pieces), one after the other.

    The pieces' titles are the board's name, not the edition's, so a piece both editions
    print alike is laid out once for both. Sets each performance report part's
    ``outline`` (its summaries' anchors and labels, for the bookmarks).
    """
    title = base["board_name"]
    pieces: list[pdf_sequence.Piece] = []
    for part in parts:
        if part.kind != "performance_report":
            pieces.append(pdf_sequence.Piece(
                html=_body_html(part, _part_html(part, base=base), title=title),
                label=part.title, stylesheets=STYLESHEETS))
            continue
        context = {**base, "part": part, **part.context,
                   **performance_report_context(report=part.report)}
        part.outline = report_outline_labels(context)

        def wrap(fragment: str, index: int, count: int, part=part) -> str:
            return _body_html(part, fragment, title=title, continued=index > 0,
                              last=index == count - 1)

        pieces.extend(report_pieces(context, wrap=wrap, label=part.title))
    return pieces


def layout_body(
    *, pieces: list[pdf_sequence.Piece], title: str, first_page: int = 1,
    progress: Callable[[int], None] | None = None,
) -> pdf_sequence.LaidSequence:
    """Lay out the body's ``pieces`` (``body_pieces``) in the part store
    (csp_portal.pdf_sequence): every piece already in the store is reused, and with
    ``settings.PACK_PART_TASKS`` the rest are laid out by the workers at the same time as
    by this process. ``first_page`` is the number the body's first page prints (the
    performance report's page column); ``page_refs`` are physical body pages (from 1).
    ``progress(n)`` is called as pieces are done. Raises PackBuildError naming the part
    when one exceeds its time or memory limit.
    """
    blank = render_to_string("packs/blank.html", {"title": title})
    try:
        return pdf_sequence.lay_out(
            pieces, stylesheets=BODY_STYLESHEETS, blank_html=blank, first_page=first_page,
            dispatch=getattr(settings, "PACK_PART_TASKS", False),
            progress=(lambda n: progress(min(n, len(pieces)))) if progress else None,
        )
    except pdf_sequence.PieceFailed as exc:
        name = (f'The part "{pieces[exc.index].label}"' if exc.index is not None
                else "A part")
        raise PackBuildError(f"{name} could not be produced: {exc}.") from exc
    except (TimeoutError, RuntimeError) as exc:
        raise PackBuildError(f"The pack's parts could not be produced: {exc}.") from exc


def _front_with_anchors(documents: list) -> bytes:
    """The front matter written alone, its links to body anchors kept
    (csp_portal.pdf_parts.with_link_stubs; ``stitched`` points them at the body's pages) and
    its tables' header scopes set."""
    pages = [p for d in documents for p in d.document.pages]
    data = pdf.write_pdf([pdf_parts.with_link_stubs(documents[0].document.copy(pages))],
                         finish=False)
    return pdf_finish.finish(data, links=False)


def upload_digests(uploads: list[tuple[object, list[int]]]) -> list[str]:
    """SHA-256 of each uploaded paper's file with the pages it fills, for the file's key."""
    found = []
    for paper, indexes in uploads:
        try:
            with paper.uploaded_pdf.open("rb") as handle:
                found.append(f"{hashlib.sha256(handle.read()).hexdigest()}:{indexes}")
        except OSError as exc:
            raise PackBuildError(
                f'Paper "{paper.title}": the uploaded PDF cannot be read ({exc})'
            ) from exc
    return found


def _part_row(part: PackPart, html: str) -> dict:
    return {
        "part": part,
        "html": html,
        "upload_anchors": [f"{part.key}-upload-{n}" for n in range(1, part.upload_pages + 1)],
        "upload_leads": not html.strip(),
    }


def _front_document(*, template_name: str, context: dict) -> pdf_cache.CachedLayout:
    html = render_to_string(template_name, context)
    try:
        return pdf_cache.layout_cached(html=html, stylesheets=STYLESHEETS)
    except pdf_cache.PartLimitExceeded as exc:
        raise PackBuildError(f"The front matter could not be produced: {exc}.") from exc


def item_own_ranges(parts: list[PackPart], pages: dict[str, int]) -> dict[int, tuple[int, int]]:
    """First and last body page of each item's own parts (no roll-up to its parent): a
    supplementary agenda lists the late item itself."""
    ranges: dict[int, tuple[int, int]] = {}
    for part in parts:
        first = pages[part.key]
        last = pages.get(f"{part.key}-end", first)
        lo, hi = ranges.get(part.item.pk, (first, last))
        ranges[part.item.pk] = (min(lo, first), max(hi, last))
    return ranges


def _supplement_front(supplement, *, entries, base, title) -> pdf_cache.CachedLayout:
    """The supplementary agenda's front: meeting, then each late item once with its page
    range and reasons for urgency."""
    return _front_document(
        template_name="packs/supplement_front.html",
        context={**base, "title": title, "supplement": supplement,
                 "heading": supplement_heading(supplement),
                 "notice": notice_context(supplement.meeting), "entries": entries,
                 "any_reasons": any(e.reasons for e in entries)},
    )


def supplement_outline(entries, *, front_pages: dict[str, int], front_count: int,
                       body_pages: dict[str, int], heading: str) -> list:
    """A supplementary pack's bookmarks: its front page, then one per late item opening its
    first page (its agenda line when it has none)."""
    nodes = [pdf_finish.OutlineEntry(title=heading, page_index=0)]
    for entry in entries:
        if entry.anchor:
            index = front_count + body_pages[entry.anchor] - 1
        else:
            index = front_pages.get(f"agenda-{entry.item.pk}", 1) - 1
        nodes.append(pdf_finish.OutlineEntry(title=f"{entry.label} {entry.title}",
                                             page_index=index))
    return nodes


def build_agenda_pack(
    *, meeting: Meeting, edition: str, supplement=None, first_page: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> PackBuild:
    """Build the ``edition`` ("public" or "members") agenda pack of ``meeting``.

    With ``supplement`` (a SupplementaryAgenda of ``meeting``) build its
    supplementary agenda pack instead: a front page "Supplementary agenda pack
    No. N" naming the meeting and each late item once with its page range and
    reasons for urgency, then only that supplement's papers
    (boards.packs.supplement). ``first_page`` (from 1) is the number the first
    body page prints: for a supplement, one after the last page of the pack
    before it (boards.packs.render.supplement_first_page).

    ``progress(done, total)``, if given, is called as parts are laid out: the
    body's parts, then the front matter (``total`` = parts + 1).

    Returns a PackBuild. Raises PackBuildError for bad input data (unknown
    edition, unreadable upload) and for a part over its time or memory limit;
    WeasyPrint and template errors propagate.
    """
    if edition not in PackRender.Edition.values:
        raise PackBuildError(f"Unknown edition {edition!r}")
    if first_page < 1:
        raise PackBuildError(f"The first page number must be 1 or more, not {first_page}")
    offset = first_page - 1
    board = meeting.board
    layouts_before = pdf_cache.layout_count()

    def count(paper) -> int:
        try:
            return upload_page_count(paper)
        except UploadError as exc:
            raise PackBuildError(str(exc)) from exc

    if supplement is not None:
        parts = supplement_parts(supplement, edition=edition, upload_page_count=count)
        title = supplement_title(supplement, edition)
    else:
        parts = body_parts(meeting, edition=edition, upload_page_count=count)
        title = pack_title(meeting, edition)
    support_from = f"{board.short_name} board" if board.short_name else board.name
    base = {
        "meeting": meeting,
        "board_name": meeting.display_title,
        "edition": edition,
        "support_from": support_from,
        # The edition note speaks of exempt information only when the pack holds or omits some.
        "exempt_in_pack": any(p.restricted or p.kind == "exempt" for p in parts),
    }

    pieces = body_pieces(parts=parts, base=base)
    steps = len(pieces) + 1
    if progress is not None:
        progress(0, steps)
    body = layout_body(pieces=pieces, title=base["board_name"], first_page=first_page,
                       progress=(lambda n: progress(n, steps)) if progress else None)
    page_refs = body.page_refs

    # Physical body pages (from 1) place uploads and bookmarks; printed numbers add offset.
    ranges = {pk: (lo + offset, hi + offset)
              for pk, (lo, hi) in item_page_ranges(parts, page_refs).items()}
    first_anchor = item_first_anchors(parts, page_refs)
    agenda = None
    entries = []
    if supplement is not None:
        entries = supplement_entries(supplement, edition=edition, parts=parts)
        own = item_own_ranges(parts, page_refs)
        for entry in entries:
            if entry.item.pk in own:
                lo, hi = own[entry.item.pk]
                entry.page_ref = format_page_reference(lo + offset, hi + offset)
                entry.anchor = next(p.key for p in parts if p.item.pk == entry.item.pk)
        front = _supplement_front(supplement, entries=entries, base=base, title=title)
    else:
        agenda = agenda_entries(meeting, edition=edition, parts=parts)
        for entry in agenda.entries:
            for e in [entry, *entry.sub_entries]:
                if e.item.pk in ranges:
                    e.page_ref = format_page_reference(*ranges[e.item.pk])
                    e.anchor = first_anchor[e.item.pk]
        front = _front_document(
            template_name="packs/front.html",
            context={**base, "title": title, "notice": notice_context(meeting),
                     "agenda": agenda},
        )
    documents = [front]
    if front.page_count % 2:
        documents.append(
            _front_document(template_name="packs/filler.html", context={"title": title})
        )
    if progress is not None:
        progress(steps, steps)
    front_pages = sum(d.page_count for d in documents)
    body_pages = body.page_count

    uploads = [
        (part.upload, [front_pages + page_refs[f"{part.key}-upload-{n}"] - 1
                       for n in range(1, part.upload_pages + 1)])
        for part in parts
        if part.upload is not None and part.upload_pages
    ]
    if agenda is not None:
        outline = pack_outline(
            agenda, front_pages=pdf.anchor_pages(front.document), body_pages=page_refs,
            front_count=front_pages, body_first=first_anchor, parts=parts,
        )
    else:
        outline = supplement_outline(
            entries, front_pages=pdf.anchor_pages(front.document), front_count=front_pages,
            body_pages=page_refs, heading=supplement_heading(supplement),
        )
    total = front_pages + body_pages
    labels = {front_pages + n - 1: str(n + offset) for n in range(1, body_pages + 1)}

    def assemble() -> bytes:
        front_pdf = pdf_cache.assembled([*(d.key for d in documents), "front"],
                                        lambda: _front_with_anchors(documents))
        labelled = {i: labels.get(i, f"{i + 1} of {total}") for i in range(total)}
        with pdf_parts.stitched([front_pdf, *body.files]) as out:
            if body_pages:
                footers = pdf_sequence.footers_file(
                    html=render_to_string("packs/footers.html", {
                        "title": title, "first_page": first_page, "pages": body.landscape}),
                    stylesheets=FOOTER_STYLESHEETS)
                pdf_sequence.footers_apply(out, footers=footers, first_index=front_pages)
            if not uploads:
                # Table header scopes were set on each piece when it was written.
                pdf_finish.finish_pdf(out, outline=outline, page_labels=labelled, scopes=False)
                return pdf_finish.save(out)
            data = pdf_finish.save(out)
        try:
            data = stamp_uploads(data, uploads)
        except UploadError as exc:
            raise PackBuildError(str(exc)) from exc
        return pdf_finish.finish(data, outline=outline, page_labels=labelled, scopes=False)

    # The file follows from its laid-out parts (which carry the agenda, the outline's
    # labels and the page numbers) and the uploaded papers' bytes.
    data = pdf_cache.assembled(
        [*(d.key for d in documents), *body.keys, f"first page {first_page}",
         *upload_digests(uploads)], assemble
    )

    return PackBuild(
        pdf=data,
        title=title,
        page_count=front_pages + body_pages,
        front_pages=front_pages,
        body_pages=body_pages,
        page_references={str(pk): [lo, hi] for pk, (lo, hi) in ranges.items()},
        layouts=pdf_cache.layout_count() - layouts_before,
        first_page=first_page,
        last_page=offset + body_pages,
    )
