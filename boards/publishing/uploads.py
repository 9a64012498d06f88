"""Checking an uploaded paper is a PDF, by its content and not its name."""
from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def paper_upload_max_bytes() -> int:
    """The largest upload accepted, in bytes: setting PAPER_UPLOAD_MAX_BYTES, default 20 MB."""
    return int(getattr(settings, "PAPER_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def paper_pdf_max_pages() -> int:
    """The most pages an uploaded paper may have: setting PAPER_PDF_MAX_PAGES, default 500."""
    return int(getattr(settings, "PAPER_PDF_MAX_PAGES", 500))


def paper_upload_check(upload) -> int:
    """Check ``upload`` (a Django UploadedFile) is a readable PDF within the size limit.

    Returns its page count. Raises ValidationError with a message for the form:
    too large, empty, not starting with "%PDF-", unreadable by pypdf (including
    a password-protected PDF), or more than PAPER_PDF_MAX_PAGES pages (the page
    tree's /Count is checked before the tree is walked). The file name is not
    trusted.
    """
    limit = paper_upload_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            f"The file must be smaller than {filesizeformat(limit)} "
            f"(this one is {filesizeformat(upload.size)})"
        )
    if not upload.size:
        raise ValidationError("The selected file is empty")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data.startswith(PDF_MAGIC):
        raise ValidationError("The selected file must be a PDF")
    max_pages = paper_pdf_max_pages()
    from pypdf import PdfReader  # loaded by the first upload, not by every web process

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("encrypted")
        stated = int(reader.trailer["/Root"]["/Pages"].get("/Count", 0))
        pages = stated if stated > max_pages else len(reader.pages)
    except Exception as exc:
        raise ValidationError(
            "The selected file cannot be read as a PDF; it may be damaged or password protected"
        ) from exc
    if not pages:
        raise ValidationError("The selected PDF has no pages")
    if pages > max_pages:
        raise ValidationError(
            f"The PDF has {pages:,} pages; a paper may have at most {max_pages:,}. "
            "Split it, or attach only the pages the board needs"
        )
    return pages
