"""The one PDF generator of the portal: Django templates rendered with WeasyPrint.

Used by the agenda pack worker (boards.packs) and by any preview. Three steps,
so callers can look at the laid-out pages before writing the file (the agenda
pack reads which page each anchor lands on, then renders again):

- ``render_document(template_name=..., context=...)`` -> ``weasyprint.Document``
- ``anchor_pages(document)`` -> ``{anchor_name: page_number}`` (numbered from 1)
- ``write_pdf([document, ...])`` -> PDF bytes, pages of several documents in order

Rendering never touches the network: the URL fetcher only serves ``file:`` and
``data:`` URLs, so a stray remote image in data cannot leak a request or hang
the worker. Fonts are whatever fontconfig finds on the machine; the print CSS
asks for Liberation Sans (Arial's metrics; Debian's fonts-liberation2, which
``.ci/run`` and the Dockerfile install), then Arimo, then Arial.
"""
from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import weasyprint
from django.conf import settings
from django.template.loader import get_template, render_to_string
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from . import pdf_finish

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step at INFO; a worker's log needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Embedded font subsets carry a "modified" time (fontTools' TTFont.save), which would make
# the same pack differ byte for byte from one second to the next; fontTools takes it from
# SOURCE_DATE_EPOCH when set (reproducible-builds.org), so the same input gives the same file.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")

ALLOWED_URL_SCHEMES = frozenset({"file", "data"})


class LocalOnlyURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that refuses every URL but ``file:`` and ``data:``.

    A refused URL raises ValueError, which WeasyPrint logs and skips (the
    resource is left out of the page, the render goes on).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("allowed_protocols", ALLOWED_URL_SCHEMES)
        kwargs.setdefault("allow_redirects", False)
        super().__init__(**kwargs)

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme not in ALLOWED_URL_SCHEMES:
            logger.warning("PDF render refused to fetch %s", url[:200])
            raise ValueError(f"URL scheme not allowed in PDF rendering: {scheme or url[:40]}")
        return super().fetch(url, headers)


def default_base_url() -> str:
    """Base URL for relative links in templates: the project's ``static/`` folder."""
    return Path(settings.BASE_DIR, "static").as_uri() + "/"


_FONT_CONFIG: FontConfiguration | None = None
_PARSED: dict[str, weasyprint.CSS] = {}


def font_configuration() -> FontConfiguration:
    """The process's one ``FontConfiguration``: the stylesheets are parsed once against it
    and every layout uses it (the print CSS has no ``@font-face``, so it holds no
    per-document fonts)."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def _stylesheet(sheet) -> weasyprint.CSS:
    """A ``weasyprint.CSS`` from a CSS object, a path, or a template name ending in .css.

    Paths and templates are parsed once per process and text: parsing the print CSS
    took a fifth of a pack's layout when done for every part.
    """
    if isinstance(sheet, weasyprint.CSS):
        return sheet
    if isinstance(sheet, Path):
        text, base_url = sheet.read_text(), sheet.resolve().as_uri()
    else:
        # A template name: the print CSS lives beside the HTML templates it styles. Its
        # source is used as is (CSS is not rendered as a Django template).
        text, base_url = get_template(sheet).template.source, default_base_url()
    key = f"{base_url}\x00{text}"
    parsed = _PARSED.get(key)
    if parsed is None:
        parsed = weasyprint.CSS(string=text, base_url=base_url,
                                url_fetcher=LocalOnlyURLFetcher(),
                                font_config=font_configuration())
        if len(_PARSED) > 32:
            _PARSED.clear()
        _PARSED[key] = parsed
    return parsed


def render_html(
    *,
    html: str,
    base_url: str | None = None,
    stylesheets: Sequence[str | Path | weasyprint.CSS] = (),
) -> weasyprint.Document:
    """Lay out an HTML string into pages.

    ``stylesheets`` items are ``weasyprint.CSS`` objects, file paths, or
    template names (e.g. ``"packs/pack.css"``). Returns a
    ``weasyprint.Document``: ``.pages`` (each with ``.anchors``) and
    ``.metadata`` (title and lang from ``<title>`` and ``<html lang>``).
    """
    css = [_stylesheet(sheet) for sheet in stylesheets]
    document = weasyprint.HTML(
        string=html, base_url=base_url or default_base_url(), url_fetcher=LocalOnlyURLFetcher()
    )
    return document.render(font_config=font_configuration(), stylesheets=css)


def render_document(
    *,
    template_name: str,
    context: dict,
    base_url: str | None = None,
    stylesheets: Sequence[str | Path | weasyprint.CSS] = (),
) -> weasyprint.Document:
    """Render a Django template with ``context`` and lay it out (see ``render_html``)."""
    html = render_to_string(template_name, context)
    return render_html(html=html, base_url=base_url, stylesheets=stylesheets)


def anchor_pages(document: weasyprint.Document) -> dict[str, int]:
    """Map each anchor (element ``id``) of ``document`` to the page it lands on, from 1.

    An anchor that appears on several pages counts on its first page.
    """
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def write_pdf(
    documents_or_pages: Iterable[weasyprint.Document | weasyprint.Page],
    *,
    tagged: bool = True,
    finish: bool = True,
) -> bytes:
    """Write documents (all their pages) and loose pages, in order, as one PDF.

    The first document gives the metadata (title, language). ``tagged``
    writes a PDF/UA-1 file: the structure tree for assistive technology, the
    title shown by viewers and the PDF/UA identification (WeasyPrint's
    ``pdf/ua-1`` variant; DOMAIN.md: published PDFs must be accessible), and,
    with ``finish``, table header scopes (``csp_portal.pdf_finish``; a caller
    that post-processes the file itself passes ``finish=False`` and calls
    ``pdf_finish.finish``). Raises ValueError when given nothing to write.
    """
    pages: list[weasyprint.Page] = []
    first: weasyprint.Document | None = None
    for item in documents_or_pages:
        if isinstance(item, weasyprint.Document):
            first = first or item
            pages.extend(item.pages)
        else:
            pages.append(item)
    if first is None:
        raise ValueError("write_pdf needs at least one document for its metadata")
    if not tagged:
        return first.copy(pages).write_pdf()
    data = first.copy(pages).write_pdf(pdf_variant="pdf/ua-1")
    return pdf_finish.finish(data) if finish else data


def pdf_page_count(data: bytes | str | Path) -> int:
    """Number of pages of a PDF given as bytes or a file path; pypdf errors if unreadable."""
    from pypdf import PdfReader

    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    return len(PdfReader(source).pages)
