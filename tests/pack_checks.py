"""The pack tests' checks on a built pack, for packs made on any path (in one process, from
the part store, by worker processes): page references match the footers and link to their
pages, the restricted canaries stay out of the public edition, bookmarks follow the agenda,
and ``pdfua check`` finds nothing."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

from boards.packs import format_page_reference
from tests.test_packs_builder import (
    CANARY_ACTION,
    CANARY_ITEM,
    CANARY_MINUTE,
    CANARY_PAPER,
    CANARY_SUBGROUP,
    page_texts,
    pdfua_findings,
)

CANARIES = (CANARY_PAPER, CANARY_ITEM, CANARY_SUBGROUP, CANARY_MINUTE, CANARY_ACTION)


def _outline_titles(reader: PdfReader) -> list[str]:
    titles = []

    def walk(nodes):
        for node in nodes:
            if isinstance(node, list):
                walk(node)
            else:
                titles.append(node.title)

    walk(reader.outline)
    return titles


def check_pack(*, pdf: bytes, front_pages: int, page_references: dict, edition: str,
               titles: dict[int, str]) -> None:
    """Assert the pack tests' checks on one edition's PDF (``titles``: item pk -> title)."""
    texts = [" ".join(t.split()) for t in page_texts(pdf)]
    front = " ".join(texts[:front_pages])
    body = texts[front_pages:]
    assert page_references
    for pk, (first, last) in page_references.items():
        title = titles[int(pk)]
        assert f"{title} {format_page_reference(first, last)}" in front, title
        assert f"Page {first}" in body[first - 1], title
        assert "This page is intentionally left blank" not in body[last - 1], title
        assert first % 2 == 1, title
    reader = PdfReader(io.BytesIO(pdf))
    dests = reader.named_destinations
    targets = []
    for index in range(front_pages):
        for annot in reader.pages[index].get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                targets.append(reader.get_destination_page_number(dests[annot["/Dest"]]))
    references = re.findall(r"\(Pages? (\d+)(?: - \d+)?\)", front)
    assert len(targets) == len(references) == len(page_references)
    assert sorted(targets) == sorted(front_pages + int(n) - 1 for n in references)
    text = " ".join(texts)
    for canary in CANARIES:
        assert (canary in text) == (edition == "members"), canary
    bookmarks = _outline_titles(reader)
    assert bookmarks[:2] == ["Notice of meeting", "Agenda"]
    for pk in page_references:
        assert any(titles[int(pk)] in b for b in bookmarks), titles[int(pk)]
    assert pdfua_findings(pdf) == 0
