"""Celery tasks of the shared app: laying out a piece of a PDF, and removing drafts and
stored pieces nobody came back to."""
from celery import shared_task
from django.conf import settings

from .drafts import drafts_purge


@shared_task(
    name="csp_portal.render_part", acks_late=True, reject_on_worker_lost=True,
    time_limit=settings.RENDER_TIME_LIMIT,
)
def render_part(key: str) -> None:
    """Lay out one piece of a pack or report into the part store (pdf_parts.part_render);
    the render building the document waits for it (csp_portal.pdf_sequence). The PDF
    modules are imported here, not by the web processes that load this module."""
    from . import pdf_parts

    pdf_parts.part_render(key=key)


@shared_task(name="csp_portal.purge_old_drafts")
def purge_old_drafts() -> int:
    """Run by celery beat daily: delete drafts older than DRAFT_KEEP_DAYS (drafts_purge)."""
    return drafts_purge()


@shared_task(name="csp_portal.purge_old_parts")
def purge_old_parts() -> int:
    """Run by celery beat daily: delete stored pieces unused for PART_STORE_KEEP_DAYS."""
    from . import pdf_parts

    return pdf_parts.parts_purge(older_than_days=settings.PART_STORE_KEEP_DAYS)
