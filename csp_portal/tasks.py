"""Celery tasks of the shared app: removing drafts nobody came back to."""
from celery import shared_task

from .drafts import drafts_purge


@shared_task(name="csp_portal.purge_old_drafts")
def purge_old_drafts() -> int:
    """Run by celery beat daily: delete drafts older than DRAFT_KEEP_DAYS (drafts_purge)."""
    return drafts_purge()
