"""Writes for boards: requesting agenda pack renders (DOMAIN.md: Agenda pack).

A pack is requested here (a PackRender row, status queued, handed to the broker
once the transaction commits, or later by the beat task if the broker is down:
csp_portal.renders); the worker then renders it in boards.packs.render. Every
change writes an audit entry (csp_portal.audit).
"""
from __future__ import annotations

from csp_portal.audit import audit_entry_create
from csp_portal.renders import render_enqueue, render_replace

from .models import Meeting, PackRender, SupplementaryAgenda
from .tasks import render_agenda_pack


def agenda_pack_request(
    *, meeting: Meeting, edition: str, requested_by=None,
    supplement: SupplementaryAgenda | None = None,
) -> PackRender:
    """Ask for the ``edition`` ("public" or "members") agenda pack of ``meeting``, or with
    ``supplement`` (one of the meeting's SupplementaryAgenda) its supplementary agenda pack.

    Creates a queued PackRender, audits the request and hands the render task to
    the broker after the current transaction commits (run in-process when no
    broker is configured; sent later by the beat task when the broker is down).
    Raises ValueError for an unknown edition. ``requested_by`` is a user or None.
    """
    if edition not in PackRender.Edition.values:
        raise ValueError(f"Unknown agenda pack edition {edition!r}")
    if requested_by is not None and not getattr(requested_by, "is_authenticated", False):
        requested_by = None
    if supplement is not None and supplement.meeting_id != meeting.pk:
        raise ValueError("The supplementary agenda belongs to another meeting")
    pack_render = PackRender.objects.create(
        meeting=meeting, edition=edition, requested_by=requested_by, supplement=supplement
    )
    what = f" of supplementary agenda {supplement.number}" if supplement else ""
    audit_entry_create(
        obj=pack_render,
        action="pack_render.requested",
        actor=requested_by,
        summary=f"{pack_render.get_edition_display()}{what} requested for {meeting}",
        detail={"meeting": meeting.pk, "edition": edition, "status": [None, "queued"],
                "supplement": supplement.number if supplement else None},
    )
    render_enqueue(render=pack_render, task=render_agenda_pack, action_prefix="pack_render")
    return pack_render


def agenda_pack_render_again(*, pack_render: PackRender, actor) -> PackRender:
    """"Render again" for a failed or stuck pack render: a new request for the same pack.

    The same meeting, edition and supplementary agenda; a stuck render is
    failed as replaced (csp_portal.renders.render_replace). Returns the new
    PackRender. Raises ValueError for a ready render or one still under way.
    """
    return render_replace(
        render=pack_render, actor=actor, action_prefix="pack_render",
        subject=f"{pack_render.get_edition_display()} for {pack_render.meeting}",
        request_new=lambda: agenda_pack_request(
            meeting=pack_render.meeting, edition=pack_render.edition, requested_by=actor,
            supplement=pack_render.supplement,
        ),
    )
