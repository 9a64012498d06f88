"""Part PDFs shared between worker processes, and stitching them into one tagged PDF.

Laid-out pages cannot be pickled, so a part laid out in one worker process
reaches another as a file: ``MEDIA_ROOT/parts/<key>.pdf`` (a PDF/UA-1 file
written by WeasyPrint) beside ``<key>.json`` (its page count, its anchors'
pages counted from the part's first page, and the process and times that laid it
out). ``<key>`` is the part's layout key
(csp_portal.pdf_cache.layout_key: HTML, stylesheets, fonts), so the store is also
a part cache that outlives a process and is shared by every process that uses it.
What to lay out is saved first as ``<key>.spec.json`` (``spec_save``), so a task
needs only the key.

One process lays out a part at a time: ``part_render`` claims it with
``<key>.lock`` (created exclusively); a claim older than
``settings.RENDER_PART_TIME_LIMIT`` plus a minute is from a process that died
and is taken over. A part over its time or memory limit leaves ``<key>.error``
with the message, which ``part_wait`` raises as PartFailed.

``stitched`` merges part PDFs into one: pages in order, and one structure tree
(ISO 14289-1 needs one ``/StructTreeRoot``): each part's document-level
elements become children of the first part's ``/Document`` element, its
``/ParentTree`` entries and its pages' ``/StructParents`` and annotations'
``/StructParent`` keys are renumbered past the parts before it, role maps are merged, and named
destinations (``/Dests``) are merged, later parts winning, so a link in one
part to an anchor in another resolves.
"""
from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import time
import warnings
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from django.conf import settings

from . import pdf, pdf_cache, pdf_finish


class PartFailed(Exception):
    """A part could not be laid out (over its time or memory limit); the message says why."""


@dataclass
class PartFile:
    """A part in the store: ``key``, its PDF ``path``, ``page_count``, ``anchors``
    (element id -> page, 1 for the part's first page) and ``landscape`` (per page)."""

    key: str
    path: Path
    page_count: int
    anchors: dict[str, int]
    landscape: list[bool] = field(default_factory=list)


def store_dir() -> Path:
    """The part store's folder, ``MEDIA_ROOT/parts`` (created when missing)."""
    folder = Path(settings.MEDIA_ROOT) / "parts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def spec_save(*, html: str, stylesheets: Sequence[str], only_page: int | None = None,
              tagged: bool = True) -> str:
    """Save what a part is made of (``stylesheets`` are template names) and return its key.
    With ``only_page`` (from 1) its file keeps that page only; ``tagged=False`` writes it
    without a structure tree (a footer overlay: csp_portal.pdf_sequence)."""
    key = pdf_cache.layout_key(html=html, stylesheets=stylesheets)
    if only_page is not None or not tagged:
        key = hashlib.sha256(f"{key}:page {only_page}:tagged {tagged}".encode()).hexdigest()
    path = store_dir() / f"{key}.spec.json"
    if not path.exists():
        _write_atomic(path, json.dumps({"html": html, "stylesheets": list(stylesheets),
                                        "only_page": only_page, "tagged": tagged}).encode())
    return key


def part_found(key: str) -> PartFile | None:
    """The part ``key`` if its PDF is in the store, else None. Finding a part touches its
    file, so ``parts_purge`` keeps what is still in use."""
    folder = store_dir()
    try:
        meta = json.loads((folder / f"{key}.json").read_text())
    except (OSError, ValueError):
        return None
    path = folder / f"{key}.pdf"
    try:
        if time.time() - path.stat().st_mtime > 3600:
            os.utime(path)
    except OSError:
        return None
    return PartFile(key=key, path=path, page_count=meta["page_count"],
                    anchors=meta["anchors"], landscape=meta.get("landscape", []))


def parts_purge(*, older_than_days: float) -> int:
    """Delete the store's files not used for ``older_than_days`` days (a part's PDF is
    touched when found, its other files go with it); returns how many parts went."""
    folder = store_dir()
    limit = time.time() - older_than_days * 86400
    gone = 0
    for path in folder.glob("*.pdf"):
        try:
            if path.stat().st_mtime >= limit:
                continue
        except OSError:
            continue
        for suffix in (".pdf", ".json", ".spec.json", ".error", ".lock"):
            (folder / f"{path.stem}{suffix}").unlink(missing_ok=True)
        gone += 1
    for spec in folder.glob("*.spec.json"):
        # A spec nobody laid out (its render failed or was dropped).
        try:
            if spec.stat().st_mtime < limit and not spec.with_name(
                    spec.name.replace(".spec.json", ".pdf")).exists():
                spec.unlink(missing_ok=True)
        except OSError:
            continue
    return gone


def _claim(key: str) -> bool:
    lock = store_dir() / f"{key}.lock"
    stale = getattr(settings, "RENDER_PART_TIME_LIMIT", 120) + 60
    try:
        if time.time() - lock.stat().st_mtime > stale:
            lock.unlink(missing_ok=True)
    except OSError:
        pass
    try:
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def part_render(*, key: str) -> PartFile | None:
    """Lay out and write the part ``key`` (its spec saved by ``spec_save``) unless it is in
    the store already or another process holds its claim (then None). A part over its
    limits leaves its error in the store (see ``part_wait``)."""
    found = part_found(key)
    if found is not None or not _claim(key):
        return found
    folder = store_dir()
    try:
        spec = json.loads((folder / f"{key}.spec.json").read_text())
        began = time.time()
        try:
            document = pdf_cache.layout_limited(html=spec["html"],
                                                stylesheets=spec["stylesheets"])
        except pdf_cache.PartLimitExceeded as exc:
            _write_atomic(folder / f"{key}.error", str(exc).encode())
            return None
        only = spec.get("only_page")
        anchors = pdf.anchor_pages(document)
        if only is not None:
            document = document.copy([document.pages[only - 1]])
            anchors = {}
        document = with_link_stubs(document)
        tagged = spec.get("tagged", True)
        data = pdf.write_pdf([document], finish=False, tagged=tagged)
        if tagged:
            # Header scopes belong to the piece's own tables: set once here, not on every
            # assembled file.
            data = pdf_finish.finish(data, links=False)
        _write_atomic(folder / f"{key}.pdf", data)
        _write_atomic(folder / f"{key}.json", json.dumps(
            {"page_count": len(document.pages), "anchors": anchors,
             "landscape": [page.width > page.height for page in document.pages],
             # Who laid it out, and when: what shows parts were laid out side by side.
             "pid": os.getpid(), "began": began, "ended": time.time()}).encode())
    finally:
        (folder / f"{key}.lock").unlink(missing_ok=True)
    return part_found(key)


def with_link_stubs(document):
    """``document`` with every internal link target it lacks named on its first page.

    WeasyPrint drops a link whose anchor is not in the document it writes; a piece links
    to anchors of later pieces (the agenda to the papers, a report's summary table to its
    summaries), so the name is kept here and ``stitched`` points it at the piece that has
    the anchor (a later piece's name wins). Returns ``document`` itself when nothing lacks.
    """
    own = {name for page in document.pages for name in page.anchors}
    missing = sorted({target for page in document.pages for kind, target, *_ in page.links
                      if kind == "internal" and target not in own})
    if not missing:
        return document
    first = copy.copy(document.pages[0])
    first.anchors = {**dict.fromkeys(missing, (0, 0, 0, 0)), **first.anchors}
    return document.copy([first, *document.pages[1:]])


def part_wait(keys: Sequence[str], *, timeout: float | None = None,
              found_now: Callable[[dict[str, PartFile]], None] | None = None,
              ) -> dict[str, PartFile]:
    """Wait until every part of ``keys`` is in the store, laying out in this process any
    part nobody has claimed (so the waiting process works too); ``found_now(found)`` is
    called each time more parts are there. Raises PartFailed with a part's error, or
    TimeoutError after ``timeout`` seconds (default: the part time limit plus two minutes
    without progress)."""
    limit = timeout or getattr(settings, "RENDER_PART_TIME_LIMIT", 120) + 120
    found: dict[str, PartFile] = {}
    last_progress = time.monotonic()
    folder = store_dir()
    while len(found) < len(set(keys)):
        for key in keys:
            if key in found:
                continue
            error = folder / f"{key}.error"
            if error.exists():
                raise PartFailed(error.read_text())
            part = part_render(key=key)
            if part is not None:
                found[key] = part
                last_progress = time.monotonic()
                if found_now is not None:
                    found_now(found)
        if len(found) < len(set(keys)):
            if time.monotonic() - last_progress > limit:
                raise TimeoutError("parts were not laid out in time")
            time.sleep(0.05)
    return found


def _nums(tree) -> list:
    """A number tree's (key, value) pairs (flat ``/Nums`` or one level of ``/Kids``)."""
    pairs = []
    nodes = [tree]
    while nodes:
        node = nodes.pop(0)
        nums = node.get("/Nums")
        if nums is not None:
            pairs.extend((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
        nodes.extend(node.get("/Kids", []))
    return pairs


def _copy(out: pikepdf.Pdf, obj):
    """``obj`` of another PDF as an object of ``out`` (direct arrays and dictionaries copied
    item by item, since only indirect objects can be copied across)."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return out.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(out, item) for item in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(out, value) for key, value in obj.items()})
    return obj


@contextmanager
def stitched(paths: Sequence[Path | bytes]):
    """Merge tagged part PDFs (paths or bytes), in order, into one tagged PDF; the first
    part gives the metadata (title, language, PDF/UA identification). Yields the open
    ``pikepdf.Pdf`` (to be changed further and saved inside the ``with``: the parts' files
    stay open until it ends)."""
    def open_part(item):
        return pikepdf.open(io.BytesIO(item) if isinstance(item, bytes) else item)

    out = open_part(paths[0])
    sources = [out]
    try:
        _merge(out, paths[1:], open_part, sources)
        yield out
    finally:
        for source in reversed(sources):
            source.close()


def _merge(out: pikepdf.Pdf, paths, open_part, sources: list) -> None:
    root = out.Root.StructTreeRoot
    document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
    parent_nums = _nums(root.ParentTree)
    next_key = max((k for k, _ in parent_nums), default=-1) + 1
    dests = {}
    if "/Names" in out.Root and "/Dests" in out.Root.Names:
        dests.update(pikepdf.NameTree(out.Root.Names.Dests).items())
    for item in paths:
        src = open_part(item)
        sources.append(src)
        offset = next_key
        first_new = len(out.pages)
        with warnings.catch_warnings():
            # pikepdf warns that named destinations are not copied: they are, below.
            warnings.simplefilter("ignore")
            out.pages.extend(src.pages)
        for page in out.pages[first_new:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        src_root = src.Root.StructTreeRoot
        src_doc = src_root.K[0] if isinstance(src_root.K, pikepdf.Array) else src_root.K
        for key, value in _nums(src_root.ParentTree):
            parent_nums.append((key + offset, _copy(out, value)))
            next_key = max(next_key, key + offset + 1)
        for kid in (src_doc.K if isinstance(src_doc.K, pikepdf.Array) else [src_doc.K]):
            copied = _copy(out, kid)
            if isinstance(copied, pikepdf.Dictionary):
                copied.P = document
            document.K.append(copied)
        if "/RoleMap" in src_root:
            mapping = root.get("/RoleMap") or pikepdf.Dictionary()
            for name, value in src_root.RoleMap.items():
                mapping[name] = _copy(out, value)
            root.RoleMap = mapping
        if "/Names" in src.Root and "/Dests" in src.Root.Names:
            for name, value in pikepdf.NameTree(src.Root.Names.Dests).items():
                dests[name] = _copy(out, value)
    parent_nums.sort(key=lambda pair: pair[0])
    numbers = pikepdf.Array()
    for key, value in parent_nums:
        numbers.append(key)
        numbers.append(value)
    root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=numbers))
    root.ParentTreeNextKey = next_key
    if dests:
        names = pikepdf.Array()
        for name in sorted(dests):
            names.append(pikepdf.String(name))
            names.append(dests[name])
        if "/Names" not in out.Root:
            out.Root.Names = pikepdf.Dictionary()
        out.Root.Names.Dests = out.make_indirect(pikepdf.Dictionary(Names=names))
