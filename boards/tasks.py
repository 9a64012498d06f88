"""Celery tasks of the boards app. Tasks take primary keys and stay thin."""
from datetime import timedelta

from celery import shared_task

from .packs import render


@shared_task(name="boards.render_agenda_pack")
def render_agenda_pack(pack_render_id: int) -> None:
    """Render the PackRender ``pack_render_id`` (see boards.packs.render.agenda_pack_render)."""
    render.agenda_pack_render(pack_render_id=pack_render_id)


STALE_RENDER_AGE = timedelta(minutes=30)


@shared_task(name="boards.expire_stale_pack_renders")
def expire_stale_pack_renders() -> int:
    """Run by celery beat: fail renders no worker finished (render.agenda_pack_renders_expire)."""
    return render.agenda_pack_renders_expire(older_than=STALE_RENDER_AGE)
