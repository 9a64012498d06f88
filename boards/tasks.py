"""Celery tasks of the boards app. Tasks take primary keys and stay thin."""
from celery import shared_task

from . import services


@shared_task(name="boards.render_agenda_pack")
def render_agenda_pack(pack_render_id: int) -> None:
    """Render the PackRender ``pack_render_id`` (see services.agenda_pack_render)."""
    services.agenda_pack_render(pack_render_id=pack_render_id)
