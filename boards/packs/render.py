"""The worker's part of an agenda pack render: build the PDF, store it, record it.

queued -> rendering -> ready, or failed with the error (DOMAIN.md: Agenda
pack); the bookkeeping is csp_portal.renders. Called by the tasks in
boards.tasks; requests are made by boards.services.agenda_pack_request. Every
change writes an audit entry.
"""
from __future__ import annotations

import logging
from typing import Any

from boards.models import PackRender, SupplementaryAgenda
from csp_portal.renders import (
    render_perform,
    render_status_set,
    renders_dispatch_queued,
    renders_expire,
)

from .builder import build_agenda_pack
from .common import meeting_date

logger = logging.getLogger(__name__)


def pack_file_name(*, pack_render: PackRender) -> str:
    """"<board-slug>-<yyyy-mm-dd>-<edition>-<pk>.pdf" (stored under MEDIA_ROOT/packs/); a
    supplementary pack adds "-supplement-<n>" before the edition."""
    meeting = pack_render.meeting
    day = meeting_date(meeting)
    supplement = (
        f"-supplement-{pack_render.supplement.number}" if pack_render.supplement_id else ""
    )
    return (
        f"{meeting.board.slug}-{day:%Y-%m-%d}{supplement}-{pack_render.edition}-"
        f"{pack_render.pk}.pdf"
    )


def supplement_first_page(*, supplement: SupplementaryAgenda, edition: str) -> int:
    """The number the first body page of ``supplement``'s ``edition`` pack prints: one after
    the last page of the same edition's pack before it (the previous supplement, else the
    main pack).

    That last page is read from the pack's latest ready render; when none has it recorded
    (never rendered, or rendered before pages were recorded) the pack is built here to
    count it. Raises PackBuildError when that build fails.
    """
    previous = (
        SupplementaryAgenda.objects.filter(meeting_id=supplement.meeting_id,
                                           number__lt=supplement.number)
        .order_by("-number").first()
    )
    render = (
        PackRender.objects.filter(meeting_id=supplement.meeting_id, edition=edition,
                                  supplement=previous, status=PackRender.Status.READY)
        .order_by("-finished_at", "-pk").first()
    )
    if render is not None and render.last_page is not None:
        return render.last_page + 1
    first = 1 if previous is None else supplement_first_page(supplement=previous,
                                                             edition=edition)
    built = build_agenda_pack(meeting=supplement.meeting, edition=edition,
                              supplement=previous, first_page=first)
    return built.last_page + 1


def _subject(pack_render: PackRender) -> str:
    return f"{pack_render.get_edition_display()} for {pack_render.meeting}"


def _set_status(pack_render: PackRender, status: str, fields: list[str], **detail) -> None:
    render_status_set(
        render=pack_render, status=status, fields=fields, action_prefix="pack_render",
        subject=_subject(pack_render), **detail,
    )


def agenda_pack_render(*, pack_render_id: int) -> PackRender:
    """Render a requested pack: build the PDF, store it, record what it is.

    Status goes rendering (``started_at``) -> ready, with the file stored as
    ``packs/<board-slug>-<yyyy-mm-dd>-<edition>-<pk>.pdf``, ``page_count``,
    ``size_bytes``, ``checksum`` (SHA-256 hex), ``page_references`` and the
    ``first_page``/``last_page`` its footers print (a supplementary pack continues
    from the same edition's pack before it); or failed, with ``error``. While it
    renders, ``parts_done`` of ``parts_total`` say how far it is. Always sets
    ``finished_at``. Never raises for a
    failed build (the failure is logged and recorded); raises
    PackRender.DoesNotExist for an unknown id. A pack already ready is
    returned unchanged (a task delivered twice does no work twice). The
    bookkeeping is csp_portal.renders.render_perform.
    """
    pack_render = PackRender.objects.select_related("meeting__board", "supplement").get(
        pk=pack_render_id
    )

    def page_references(build) -> list[str]:
        pack_render.page_references = build.page_references
        pack_render.first_page = build.first_page
        pack_render.last_page = build.last_page
        return ["page_references", "first_page", "last_page"]

    def build():
        first_page = 1
        if pack_render.supplement is not None:
            first_page = supplement_first_page(supplement=pack_render.supplement,
                                               edition=pack_render.edition)
        return build_agenda_pack(
            meeting=pack_render.meeting, edition=pack_render.edition,
            supplement=pack_render.supplement, first_page=first_page, progress=progress,
        )

    def progress(done: int, total: int) -> None:
        # Not a change of state (no audit entry): the meeting page polls these counts.
        PackRender.objects.filter(pk=pack_render.pk).update(parts_done=done, parts_total=total)

    return render_perform(
        render=pack_render,
        build=build,
        file_name=lambda: pack_file_name(pack_render=pack_render),
        action_prefix="pack_render",
        subject=_subject(pack_render),
        logger=logger,
        label="Agenda pack render",
        extra=page_references,
    )


def agenda_pack_renders_expire() -> int:
    """Fail every pack render no retry can still finish (csp_portal.renders.renders_expire).

    A worker that died mid-render for good (or a broker that lost the message)
    would otherwise leave the meeting page showing "rendering" for ever.
    Returns how many renders were failed; each gets an error saying so and an
    audit entry.
    """
    return renders_expire(render_model=PackRender, action_prefix="pack_render",
                          subject=_subject, what="the pack")


def agenda_pack_renders_dispatch(*, task: Any) -> int:
    """Send ``task`` (the render task) for every pack render the broker never took."""
    return renders_dispatch_queued(render_model=PackRender, task=task,
                                   action_prefix="pack_render")
