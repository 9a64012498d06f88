"""Uploaded PDF papers (Paper.uploaded_pdf) inside the agenda pack.

The builder reserves one body page per page of the upload, so the footers'
"Page N" numbering counts them; ``stamp_uploads`` then draws each uploaded page,
scaled to fit, onto its reserved page. The box it fits into sits inside the
print CSS's page margins (templates/packs/pack.css: 2 cm top, 2.2 cm bottom)
and below the reserved page's 0.8 cm caption, so the footer and the "NOT FOR
PUBLICATION" header stay visible.
"""
from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter, Transformation

from csp_portal.pdf_finish import artifact_wrap

CM = 72 / 2.54  # PDF points per centimetre
BOX_LEFT = BOX_RIGHT = 1 * CM
BOX_TOP = 2.9 * CM
BOX_BOTTOM = 2.3 * CM


class UploadError(Exception):
    """An uploaded paper cannot be read as a PDF; the message names the paper."""


def _reader(paper) -> PdfReader:
    try:
        with paper.uploaded_pdf.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        if reader.is_encrypted:
            reader.decrypt("")
        if not reader.pages:
            raise ValueError("it has no pages")
        return reader
    except Exception as exc:
        raise UploadError(
            f'Paper "{paper.title}": the uploaded PDF cannot be read ({exc})'
        ) from exc


def upload_page_count(paper) -> int:
    """Pages of ``paper.uploaded_pdf``; raises UploadError when it is not a readable PDF."""
    return len(_reader(paper).pages)


def _place(target, source) -> None:
    if source.rotation:
        source.transfer_rotation_to_content()
    box = source.cropbox
    src_w, src_h = float(box.width), float(box.height)
    page_w, page_h = float(target.mediabox.width), float(target.mediabox.height)
    avail_w = page_w - BOX_LEFT - BOX_RIGHT
    avail_h = page_h - BOX_TOP - BOX_BOTTOM
    scale = min(avail_w / src_w, avail_h / src_h, 1.0)
    # Centred across, top-aligned in the box.
    x = BOX_LEFT + (avail_w - src_w * scale) / 2 - float(box.left) * scale
    y = BOX_BOTTOM + (avail_h - src_h * scale) - float(box.bottom) * scale
    target.merge_transformed_page(
        source, Transformation().scale(scale, scale).translate(x, y), over=True
    )


def stamp_uploads(data: bytes, uploads: list[tuple[object, list[int]]]) -> bytes:
    """Draw each upload's pages onto the pack pages reserved for them.

    ``data`` is the pack PDF; ``uploads`` pairs a Paper with the 0-based page
    indexes (one per uploaded page, in order) reserved for it. Returns the new
    PDF bytes; document metadata and structure are kept. Raises UploadError.
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    stamp_uploads_into(writer, uploads)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stamp_uploads_into(writer: PdfWriter, uploads: list[tuple[object, list[int]]]) -> None:
    """``stamp_uploads`` on an open ``pypdf.PdfWriter`` of the pack.

    Each uploaded page is marked as an artifact before it is drawn (the pack's
    structure tree has no place for its content; the reserved page's tagged
    caption names the paper). Raises UploadError.
    """
    for paper, indexes in uploads:
        reader = _reader(paper)
        if len(reader.pages) != len(indexes):
            raise UploadError(
                f'Paper "{paper.title}": the uploaded PDF changed while the pack was rendered'
            )
        # Pages must belong to a writer before pypdf rewrites their rotation into content.
        sources = PdfWriter(clone_from=reader).pages
        for source, index in zip(sources, indexes, strict=True):
            artifact_wrap(source)
            _place(writer.pages[index], source)
