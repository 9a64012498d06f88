"""The body of a pack laid out by the workers, part by part at the same time.

Each part is sent as a task (boards.tasks.render_pack_part, the part's store
key) and written to the part store (csp_portal.pdf_parts); the process building
the pack lays out parts too while it waits, so with two worker processes two
parts are laid out at once. A part's start page (its footers' numbers) depends
on the page counts of the parts before it, so the body goes in rounds: parts
whose start page is known are laid out where they belong; a part after one
whose page count is not known yet is first laid out at a provisional start page,
only to count its pages (its page count does not depend on its start page: a
part always starts on a right-hand page). The next round lays out the rest at
their pages. The page counts are kept in the store by the part's content (not
its start page), so a re-render knows them all and needs one round. The trade-off:
a cold render lays out the parts after the first one twice (each round in
parallel), see the README.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from celery import current_app
from django.db import transaction
from django.template.loader import render_to_string

from csp_portal import pdf_cache, pdf_parts

from .context import PackPart

ROUNDS = 4
"""Rounds before giving up: two are enough unless a page count changes with its start."""


@dataclass
class StoredBody:
    """The body as part files: ``files`` in order (blank backs of sheets included),
    ``page_refs`` (anchor -> physical body page, from 1), ``page_count``, ``keys``."""

    files: list[Path] = field(default_factory=list)
    page_refs: dict[str, int] = field(default_factory=dict)
    page_count: int = 0
    keys: list[str] = field(default_factory=list)


def _count_path(content_key: str) -> Path:
    return pdf_parts.store_dir() / f"count-{content_key}.json"


def _known_count(content_key: str) -> int | None:
    try:
        return json.loads(_count_path(content_key).read_text())["page_count"]
    except (OSError, ValueError, KeyError):
        return None


def _dispatch(keys: list[str]) -> None:
    """Send a part task (boards.tasks.render_pack_part, by name: the tasks import this
    package) for each key; run eagerly, the building process lays them all out itself."""
    if current_app.conf.task_always_eager:
        return
    for key in keys:
        transaction.on_commit(
            lambda key=key: current_app.send_task("boards.render_pack_part", args=[key]))


def _blank_key(*, number: int, title: str, stylesheets) -> str:
    """The store key of the blank left-hand page numbered ``number`` (the second page of
    the blank part, as the body makes one)."""
    html = render_to_string("packs/blank.html", {"title": title, "number": number})
    return pdf_parts.spec_save(html=html, stylesheets=stylesheets, start_page=number - 1,
                               only_page=2)


def layout_body_on_workers(
    *, parts: list[PackPart], part_html: Callable[[PackPart], str], title: str,
    stylesheets, blank_stylesheets, first_page: int = 1,
    progress: Callable[[int], None] | None = None,
) -> StoredBody:
    """Lay out the body's ``parts`` as part files, on the workers (see the module).

    ``part_html(part)`` is a part's own HTML; ``title`` the body's title. Raises
    csp_portal.pdf_parts.PartFailed for a part over its limits (its ``part_index``
    attribute names which), RuntimeError when the page counts do not settle.
    """
    inner = [part_html(part) for part in parts]
    content = [
        hashlib.sha256(pdf_cache.layout_key(html=html, stylesheets=stylesheets,
                                            start_page=0).encode()).hexdigest()
        for html in inner
    ]
    rows = [
        {"part": part, "html": html,
         "upload_anchors": [f"{part.key}-upload-{n}" for n in range(1, part.upload_pages + 1)],
         "upload_leads": not html.strip()}
        for part, html in zip(parts, inner, strict=True)
    ]

    def part_key(index: int, start: int) -> str:
        html = render_to_string("packs/body.html", {"title": title, "start_page": start,
                                                    "rows": [rows[index]]})
        return pdf_parts.spec_save(html=html, stylesheets=stylesheets, start_page=start)

    done = 0
    for _ in range(ROUNDS):
        plan: list[tuple[int, int, str] | tuple[str, str]] = []  # parts, blanks
        counting: list[str] = []
        pages = 0
        known = True
        for index in range(len(parts)):
            if not known:
                counting.append(part_key(index, first_page))
                continue
            if pages % 2:
                plan.append(("blank", _blank_key(number=first_page + pages, title=title,
                                                 stylesheets=blank_stylesheets)))
                pages += 1
            start = first_page + pages
            plan.append((index, start, part_key(index, start)))
            count = _known_count(content[index])
            if count is None:
                known = False
            else:
                pages += count
        keys = [entry[-1] for entry in plan] + counting
        real = {entry[2]: entry[0] for entry in plan if not isinstance(entry[0], str)}

        def report(found, real=real) -> None:
            # Parts at their own pages count as done; counting layouts do not.
            nonlocal done
            now = sum(1 for key in real if key in found)
            if progress is not None and now > done:
                done = now
                progress(done)

        for key in keys:
            # A part that failed in an earlier render is tried again (limits may have changed).
            (pdf_parts.store_dir() / f"{key}.error").unlink(missing_ok=True)
        _dispatch([k for k in keys if pdf_parts.part_found(k) is None])
        try:
            found = pdf_parts.part_wait(keys, found_now=report)
        except pdf_parts.PartFailed as exc:
            index = next((e[0] for e in plan if not isinstance(e[0], str)
                          and (pdf_parts.store_dir() / f"{e[2]}.error").exists()), None)
            exc.part_index = index
            raise
        settled = known
        for key, part in found.items():
            if key in real:
                index = real[key]
            elif key in counting:
                index = len(parts) - len(counting) + counting.index(key)
            else:
                continue
            if _known_count(content[index]) != part.page_count:
                if key in real:
                    settled = False
                path = _count_path(content[index])
                path.with_suffix(".tmp").write_text(json.dumps({"page_count": part.page_count}))
                path.with_suffix(".tmp").replace(path)
        if settled:
            break
    else:
        raise RuntimeError("the parts' page counts did not settle")

    body = StoredBody()
    for entry in plan:
        key = entry[-1]
        body.keys.append(key)
        if isinstance(entry[0], str):
            body.files.append(found[key].path)
            body.page_count += 1
            continue
        part = found[key]
        physical = body.page_count + 1
        for anchor, number in part.anchors.items():
            body.page_refs.setdefault(anchor, physical + number - 1)
        body.files.append(part.path)
        body.page_count += part.page_count
    return body
