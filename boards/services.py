"""Writes for boards: requesting agenda pack renders (DOMAIN.md: Agenda pack).

A pack is requested here (a PackRender row, status queued, and a Celery task
queued once the transaction commits); the worker then renders it in
boards.packs.render. Every change writes an audit entry (csp_portal.audit).
"""
from __future__ import annotations

from django.db import transaction

from csp_portal.audit import audit_entry_create

from .models import Meeting, PackRender, SupplementaryAgenda
from .tasks import render_agenda_pack


def agenda_pack_request(
    *, meeting: Meeting, edition: str, requested_by=None,
    supplement: SupplementaryAgenda | None = None,
) -> PackRender:
    """Ask for the ``edition`` ("public" or "members") agenda pack of ``meeting``, or with
    ``supplement`` (one of the meeting's SupplementaryAgenda) its supplementary agenda pack.

    Creates a queued PackRender, audits the request and queues the render task
    after the current transaction commits (run in-process when no broker is
    configured). Raises ValueError for an unknown edition. ``requested_by`` is
    a user or None.
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
    pk = pack_render.pk
    transaction.on_commit(lambda: render_agenda_pack.delay(pk))
    return pack_render
