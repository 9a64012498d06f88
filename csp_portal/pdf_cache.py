"""Layouts bounded in time and memory, counted, and kept for reuse.

``layout_key(html=..., stylesheets=...)`` is the SHA-256 of everything that
decides a document's pages: the HTML (which carries the data, inline charts
included), the stylesheets' text and the fonts fontconfig offers. Images and
files the HTML links to under ``static/`` are part of the release, not of the
key. It names the pieces of the part store (csp_portal.pdf_parts).

``layout_limited(html=..., stylesheets=...)`` lays a document out;
``layout_cached`` also keeps it (a ``CachedLayout``) in this process: laid-out
pages hold fonts and layout boxes that cannot be pickled, so the cache lives in
the process that laid them out (an agenda pack's front matter; least recently
used dropped past ``settings.PDF_PART_CACHE_SIZE`` entries) and a restarted
process starts cold. ``layout_count()`` counts the layouts done by this process,
for tests and benchmarks. ``assembled`` keeps written files by what they are
made of.

Each layout is bounded: ``settings.RENDER_PART_TIME_LIMIT`` seconds (a hard
limit by SIGALRM, in a process's main thread, where a worker runs its tasks)
and ``settings.RENDER_PART_MEMORY_MB`` of resident memory once laid out; a part
over either raises ``PartLimitExceeded``, so one runaway part fails its render
with a message instead of taking the worker down.
"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import weasyprint
from django.conf import settings
from django.template.loader import get_template

from . import pdf

_lock = threading.Lock()
_cache: OrderedDict[str, CachedLayout] = OrderedDict()
_files: OrderedDict[str, bytes] = OrderedDict()
_layouts = 0
ASSEMBLED_KEEP = 8
"""Written files kept (``assembled``): a pack is a few hundred kB."""


class PartLimitExceeded(Exception):
    """A part took longer than RENDER_PART_TIME_LIMIT to lay out, or left the process over
    RENDER_PART_MEMORY_MB; the message says which and by how much."""


def resident_mb() -> float:
    """This process's resident memory in MB (Linux /proc; 0.0 where there is none)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@contextmanager
def _time_limit(seconds: float | None):
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise PartLimitExceeded(f"it took longer than {seconds:g} s to lay out")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class CachedLayout:
    """A laid-out document and its ``layout_key``."""

    document: weasyprint.Document
    key: str

    @property
    def page_count(self) -> int:
        return len(self.document.pages)


@lru_cache(maxsize=1)
def fonts_fingerprint() -> str:
    """SHA-256 of the font files fontconfig lists (path and size), computed once per process;
    "" when ``fc-list`` is not there (then a font change needs a restart to be seen)."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True,
            check=True, timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    lines = []
    for name in sorted(set(listing.splitlines())):
        try:
            lines.append(f"{name}:{Path(name).stat().st_size}")
        except OSError:
            continue
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _stylesheet_text(sheet) -> str:
    if isinstance(sheet, weasyprint.CSS):
        return repr(id(sheet))  # an object: no text to hash, so never shared
    if isinstance(sheet, Path):
        return sheet.read_text()
    return get_template(sheet).template.source


def layout_key(*, html: str, stylesheets: Sequence) -> str:
    """The key of a document's layout (hex SHA-256) from its HTML, stylesheets and fonts."""
    digest = hashlib.sha256()
    for piece in (html, *(_stylesheet_text(s) for s in stylesheets), fonts_fingerprint()):
        digest.update(piece.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def layout_count() -> int:
    """How many layouts (cache misses) this process has done."""
    return _layouts


def cache_clear() -> None:
    """Forget every cached layout and written file (a test starting cold)."""
    with _lock:
        _cache.clear()
        _files.clear()


def assembled_clear() -> None:
    """Forget the written files only (the laid-out parts stay)."""
    with _lock:
        _files.clear()


def assembled(inputs: Sequence[str], write: Callable[[], bytes]) -> bytes:
    """The file ``write()`` makes from ``inputs`` (the keys of its laid-out parts, in
    order, and anything else it is made of), written once: the same inputs again return
    the same bytes without writing (the last ``ASSEMBLED_KEEP`` files are kept)."""
    digest = hashlib.sha256("\x00".join(inputs).encode()).hexdigest()
    with _lock:
        found = _files.get(digest)
        if found is not None:
            _files.move_to_end(digest)
            return found
    data = write()
    with _lock:
        _files[digest] = data
        while len(_files) > ASSEMBLED_KEEP:
            _files.popitem(last=False)
    return data


def layout_limited(*, html: str, stylesheets: Sequence = ()) -> weasyprint.Document:
    """Lay out ``html`` (``csp_portal.pdf.render_html``) within the part limits, counted by
    ``layout_count`` and not cached. Raises PartLimitExceeded (see the module's docstring);
    WeasyPrint errors propagate."""
    global _layouts
    with _time_limit(getattr(settings, "RENDER_PART_TIME_LIMIT", None)):
        document = pdf.render_html(html=html, stylesheets=stylesheets)
    with _lock:
        _layouts += 1
    limit = getattr(settings, "RENDER_PART_MEMORY_MB", None)
    if limit and (used := resident_mb()) > limit:
        raise PartLimitExceeded(
            f"the worker used {used:.0f} MB once it was laid out (the limit is {limit} MB)"
        )
    return document


def layout_cached(*, html: str, stylesheets: Sequence = ()) -> CachedLayout:
    """Lay out ``html`` (``layout_limited``) unless the same document was laid out before in
    this process. Raises PartLimitExceeded (see the module's docstring); WeasyPrint errors
    propagate. Nothing is cached then."""
    key = layout_key(html=html, stylesheets=stylesheets)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    laid_out = CachedLayout(document=layout_limited(html=html, stylesheets=stylesheets), key=key)
    with _lock:
        _cache[key] = laid_out
        while len(_cache) > max(0, getattr(settings, "PDF_PART_CACHE_SIZE", 64)):
            _cache.popitem(last=False)
    return laid_out
