"""A PDF laid out as a sequence of pieces, each laid out on its own, then stitched.

A piece is one HTML document (an agenda pack's paper, the minutes, a group of a
performance report's one-page summaries...). Each is laid out and written to
the part store (csp_portal.pdf_parts) under a key made of its content alone: its
HTML, stylesheets and fonts. Page numbers are not laid out with the pieces: the
assembled file gets them afterwards from a footer overlay (``footers_apply``), so
a piece that moves to another page (a paper before it grew) is not laid out
again, and a piece both editions of a pack print alike is laid out once.

A piece that prints page numbers of its own (a performance report's summary
table lists the page of each one-page summary) is *dependent*: its HTML is made
from the pages the sequence's anchors land on (``Piece.html_for``). It is first
laid out with a placeholder number on every anchor, to count its pages; once
every other piece's pages are known it is laid out with the real numbers (and
again in the rare case the numbers change its page count).

``lay_out`` sends the pieces not yet in the store to the workers as tasks
(``csp_portal.render_part``) when asked to, and lays out pieces itself while it
waits, so the building process is never idle and, with no worker, does all the
work. The stitched file keeps one structure tree (csp_portal.pdf_parts.stitched).
"""
from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from celery import current_app
from django.db import transaction

from . import pdf_parts

PLACEHOLDER_PAGE = 888
"""The number a dependent piece prints while its own page count is measured: three wide
digits, as wide as any real page number of a pack."""
ROUNDS = 4


@dataclass
class Piece:
    """One piece of a sequence: ``html`` (a whole HTML document), or for a dependent piece
    ``html_for(pages)`` (``pages`` maps an anchor to the number its page prints). ``right``:
    it starts on a right-hand page (a blank back of a sheet goes before it when needed).
    ``label`` names it in error messages; ``stylesheets``, when given, replace the
    sequence's for this piece (a piece styled by fewer rules is laid out faster)."""

    html: str = ""
    html_for: Callable[[Mapping[str, int]], str] | None = None
    right: bool = True
    label: str = ""
    stylesheets: Sequence[str] | None = None


class PieceFailed(Exception):
    """A piece could not be laid out (over its time or memory limit). ``index`` is the
    piece's position in the sequence; the message says why."""

    def __init__(self, message: str, *, index: int | None):
        super().__init__(message)
        self.index = index


@dataclass
class LaidSequence:
    """A sequence laid out: ``files`` and ``keys`` in order (blank backs of sheets
    included), ``page_refs`` (anchor -> physical page, from 1), ``landscape`` (per page),
    ``piece_pages`` (each piece's first physical page) and ``layouts`` (pieces this process
    laid out; the rest came from the store or from other processes)."""

    files: list[Path] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    page_refs: dict[str, int] = field(default_factory=dict)
    landscape: list[bool] = field(default_factory=list)
    piece_pages: list[int] = field(default_factory=list)
    layouts: int = 0

    @property
    def page_count(self) -> int:
        return len(self.landscape)


def _dispatch(keys: list[str]) -> None:
    """Send a part task for each key, once the transaction commits; with tasks run eagerly
    (no broker) nothing is sent: the building process lays every piece out itself."""
    if current_app.conf.task_always_eager:
        return
    for key in keys:
        transaction.on_commit(
            lambda key=key: current_app.send_task("csp_portal.render_part", args=[key]))


def _wait(keys: list[str], *, dispatch: bool, progress: Callable[[int], None] | None,
          ) -> dict[str, pdf_parts.PartFile]:
    for key in keys:
        # A piece that failed before is tried again (its limits may have changed).
        (pdf_parts.store_dir() / f"{key}.error").unlink(missing_ok=True)
    if dispatch:
        _dispatch([k for k in dict.fromkeys(keys) if pdf_parts.part_found(k) is None])
    report = (lambda found: progress(len(found))) if progress is not None else None
    return pdf_parts.part_wait(keys, found_now=report)


def _walk(files: Sequence[pdf_parts.PartFile], pieces: Sequence[Piece],
          blank: pdf_parts.PartFile | None) -> LaidSequence:
    out = LaidSequence()
    for piece, part in zip(pieces, files, strict=True):
        if piece.right and out.page_count % 2 and blank is not None:
            out.files.append(blank.path)
            out.keys.append(blank.key)
            out.landscape.append(False)
        physical = out.page_count + 1
        out.piece_pages.append(physical)
        for anchor, number in part.anchors.items():
            out.page_refs.setdefault(anchor, physical + number - 1)
        out.files.append(part.path)
        out.keys.append(part.key)
        out.landscape.extend(part.landscape or [False] * part.page_count)
    return out


def lay_out(
    pieces: Sequence[Piece], *, stylesheets: Sequence[str], blank_html: str | None = None,
    first_page: int = 1, dispatch: bool = False,
    progress: Callable[[int], None] | None = None,
) -> LaidSequence:
    """Lay out ``pieces`` (see the module) with ``stylesheets`` (template names).

    ``blank_html`` is a document whose second page is the blank back of a sheet put before
    a right-hand piece; ``first_page`` is the number the first page prints (dependent
    pieces see printed numbers). With ``dispatch`` the pieces are sent to the workers as
    well. ``progress(n)`` is called as pieces are done. Raises PieceFailed for a piece over
    its limits, RuntimeError when a dependent piece's page count does not settle.
    """
    from . import pdf_cache

    before = pdf_cache.layout_count()
    placeholder: Mapping[str, int] = defaultdict(lambda: PLACEHOLDER_PAGE)
    keys = [
        pdf_parts.spec_save(
            html=piece.html if piece.html_for is None else piece.html_for(placeholder),
            stylesheets=piece.stylesheets or stylesheets)
        for piece in pieces
    ]
    blank_key = (pdf_parts.spec_save(html=blank_html, stylesheets=stylesheets, only_page=2)
                 if blank_html is not None else None)
    try:
        found = _wait([*keys, *([blank_key] if blank_key else [])], dispatch=dispatch,
                      progress=progress)
        blank = found[blank_key] if blank_key else None
        files = [found[key] for key in keys]
        dependent = [n for n, piece in enumerate(pieces) if piece.html_for is not None]
        for _ in range(ROUNDS if dependent else 1):
            laid = _walk(files, pieces, blank)
            if not dependent:
                break
            printed = {a: first_page + p - 1 for a, p in laid.page_refs.items()}
            real = {n: pdf_parts.spec_save(html=pieces[n].html_for(printed),
                                           stylesheets=pieces[n].stylesheets or stylesheets)
                    for n in dependent}
            now = _wait(list(real.values()), dispatch=False, progress=None)
            settled = all(now[key].page_count == files[n].page_count
                          for n, key in real.items())
            for n, key in real.items():
                files[n] = now[key]
            if settled:
                laid = _walk(files, pieces, blank)
                break
        else:
            raise RuntimeError("a page count that prints its own page numbers did not settle")
    except pdf_parts.PartFailed as exc:
        failed = next((n for n, key in enumerate(keys)
                       if (pdf_parts.store_dir() / f"{key}.error").exists()), None)
        raise PieceFailed(str(exc), index=failed) from exc
    laid.layouts = pdf_cache.layout_count() - before
    return laid


def footers_file(*, html: str, stylesheets: Sequence[str]) -> Path:
    """The footer overlay laid out from ``html`` (one page per page to number, the page
    numbers in its margin boxes) as an untagged PDF in the part store."""
    key = pdf_parts.spec_save(html=html, stylesheets=stylesheets, tagged=False)
    return pdf_parts.part_wait([key])[key].path


def footers_apply(out: pikepdf.Pdf, *, footers: Path | bytes, first_index: int = 0) -> None:
    """Stamp each page of ``footers`` onto the pages of the open PDF ``out`` from
    ``first_index`` (0-based) on, as artifacts (page numbers are pagination, not content:
    ISO 14289-1 §7.8), over the page's own content."""
    source = footers if isinstance(footers, Path) else io.BytesIO(footers)
    with pikepdf.open(source) as over:
        for n, footer in enumerate(over.pages):
            page = out.pages[first_index + n]
            form = out.copy_foreign(footer.as_form_xobject())
            # A name of its own per page (pages of one piece may share a resource
            # dictionary), not a random one: the same input gives the same bytes.
            name = page.add_resource(form, pikepdf.Name.XObject,
                                     name=pikepdf.Name(f"/CspFooter{first_index + n}"))
            page.contents_add(out.make_stream(b"q\n"), prepend=True)
            page.contents_add(out.make_stream(
                b"\nQ\n/Artifact BMC q " + name.unparse() + b" Do Q EMC\n"))
