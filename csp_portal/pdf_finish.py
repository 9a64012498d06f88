"""Finishing touches on a written PDF that WeasyPrint's tagging leaves out (PDF/UA-1).

WeasyPrint 70 writes the structure tree, the language, the title and (with the
``pdf/ua-1`` variant) the PDF/UA identification; this module adds the rest,
with pikepdf (qpdf), which also writes the file back with compressed object
streams:

- ``header_scopes``: a table header cell (``/TH``) gets ``/Scope`` (``/Column``
  for a cell in a row of header cells, ``/Row`` otherwise), so screen readers
  and checkers can tie it to its data cells (ISO 14289-1 §7.5; the ``pdfua``
  checker's rule UA-15-003). WeasyPrint only links data cells to headers.
- ``link_descriptions``: each internal link annotation says where it goes
  ("Go to page 12") instead of repeating the anchor name (§7.18.5).
- ``outline_replace``: the PDF outline (bookmarks) written from a list of
  entries instead of from headings, so it can follow the agenda
  (boards.packs.builder).

``artifact_wrap`` (pypdf) marks a page's whole content as an artifact; the
agenda pack uses it on an uploaded PDF paper's pages before stamping them, since
they have no place in the pack's structure tree (§7.1; rule UA-01-003).
``finish`` runs the pikepdf steps on bytes.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import pikepdf
from pypdf.generic import DecodedStreamObject


@dataclass
class OutlineEntry:
    """One bookmark: its label, the 0-based page it opens, and its nested entries."""

    title: str
    page_index: int
    children: list[OutlineEntry] = field(default_factory=list)


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    if isinstance(kids, pikepdf.Array):
        return list(kids)
    return [kids]


def _is_element(obj) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


def _struct_elements(node):
    """Every structure element under ``node`` (depth first), skipping content references."""
    stack = [k for k in reversed(_kids(node)) if _is_element(k)]
    seen = set()
    while stack:
        element = stack.pop()
        key = element.objgen
        if key != (0, 0) and key in seen:
            continue
        seen.add(key)
        yield element
        stack.extend(k for k in reversed(_kids(element)) if _is_element(k))


def header_scopes(pdf: pikepdf.Pdf) -> int:
    """Give every ``/TH`` element a ``/Scope``; returns how many were set.

    A header cell whose row holds only header cells heads a column; any other
    header cell (``<th scope="row">`` in a body row) heads its row.
    """
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    count = 0
    for element in _struct_elements(root):
        if element.S != "/TR":
            continue
        cells = [k for k in _kids(element) if _is_element(k)]
        all_headers = all(c.S == "/TH" for c in cells)
        for cell in cells:
            if cell.S != "/TH":
                continue
            attributes = cell.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary):
                attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
                cell.A = attributes
            attributes.Scope = pikepdf.Name.Column if all_headers else pikepdf.Name.Row
            count += 1
    return count


def link_descriptions(pdf: pikepdf.Pdf, page_labels: dict[int, str] | None = None) -> int:
    """Describe each internal link by its target page: "Go to page 12" (``page_labels``
    maps a 0-based page index to its printed number) or the page's position in the file.
    Returns how many links were described."""
    names = {}
    dests = pdf.Root.get("/Names", {}).get("/Dests") if "/Names" in pdf.Root else None
    if dests is not None:
        tree = pikepdf.NameTree(dests)
        names = {str(k): v for k, v in tree.items()}
    index_of = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    labels = page_labels or {}
    count = 0
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
                continue
            target = names.get(str(annot.Dest)) if isinstance(annot.Dest, pikepdf.String) \
                else annot.Dest
            if isinstance(target, pikepdf.Dictionary):
                target = target.get("/D")
            if not isinstance(target, pikepdf.Array) or not len(target):
                continue
            index = index_of.get(target[0].objgen)
            if index is None:
                continue
            annot.Contents = pikepdf.String(f"Go to page {labels.get(index, index + 1)}")
            count += 1
    return count


def outline_replace(pdf: pikepdf.Pdf, entries: list[OutlineEntry]) -> None:
    """Drop any outline the layout wrote and write ``entries`` (nested) instead; the
    viewer opens with the outline shown."""
    def item(entry: OutlineEntry) -> pikepdf.OutlineItem:
        node = pikepdf.OutlineItem(entry.title, entry.page_index)
        node.children.extend(item(child) for child in entry.children)
        return node

    with pdf.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(item(entry) for entry in entries)
    pdf.Root.PageMode = pikepdf.Name.UseOutlines


def finish_pdf(
    pdf: pikepdf.Pdf,
    *,
    outline: list[OutlineEntry] | None = None,
    page_labels: dict[int, str] | None = None,
    scopes: bool = True,
    links: bool = True,
) -> None:
    """``finish`` on an open PDF, changed in place (the caller saves it)."""
    if scopes:
        header_scopes(pdf)
    if links:
        link_descriptions(pdf, page_labels)
    if outline is not None:
        outline_replace(pdf, outline)


def save(pdf: pikepdf.Pdf) -> bytes:
    """``pdf`` written with compressed object streams and a content-derived /ID (not a
    random one): the same pack renders to the same bytes, so a restored backup can be
    checked by its SHA-256 (scripts/backup_restore_check.sh)."""
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return out.getvalue()


def finish(
    data: bytes,
    *,
    outline: list[OutlineEntry] | None = None,
    page_labels: dict[int, str] | None = None,
    scopes: bool = True,
    links: bool = True,
) -> bytes:
    """Header scopes on every table (unless ``scopes`` is False: already set on the parts
    the file is made of), link descriptions (unless ``links`` is False), and ``outline``
    when given.

    ``page_labels`` maps 0-based page indexes to the page numbers printed on them
    (for link descriptions). Returns the new PDF bytes, with compressed object streams.
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        finish_pdf(pdf, outline=outline, page_labels=page_labels, scopes=scopes, links=links)
        return save(pdf)


def artifact_wrap(page) -> None:
    """Wrap a pypdf page's whole content stream in ``/Artifact BMC … EMC``.

    Used on an uploaded paper's page before it is stamped, so its text is marked
    as an artifact rather than left untagged. Its annotations are dropped: they
    would point into a document that is not there.
    """
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    stream = DecodedStreamObject()
    stream.set_data(b"/Artifact BMC\n" + data + b"\nEMC\n")
    page.replace_contents(stream)
    if "/Annots" in page:
        del page["/Annots"]
