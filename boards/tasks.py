"""Celery tasks of the boards app. Tasks take primary keys and stay thin.

The render task is acknowledged only when it ends and goes back on the queue
if its worker dies (acks_late, reject_on_worker_lost); its hard time limit is
shorter than the broker's visibility timeout (settings), and the render is
idempotent (csp_portal.renders.render_perform).

The pack modules (WeasyPrint, pikepdf) are imported inside the tasks: the web
processes import this module to queue renders and need not load them.
"""
from celery import shared_task
from django.conf import settings


@shared_task(
    name="boards.render_agenda_pack", acks_late=True, reject_on_worker_lost=True,
    time_limit=settings.RENDER_TIME_LIMIT, soft_time_limit=settings.RENDER_SOFT_TIME_LIMIT,
)
def render_agenda_pack(pack_render_id: int) -> None:
    """Render the PackRender ``pack_render_id`` (see boards.packs.render.agenda_pack_render)."""
    from .packs import render

    render.agenda_pack_render(pack_render_id=pack_render_id)


@shared_task(name="boards.expire_stale_pack_renders")
def expire_stale_pack_renders() -> int:
    """Run by celery beat: fail renders no worker finished (render.agenda_pack_renders_expire)."""
    from .packs import render

    return render.agenda_pack_renders_expire()


@shared_task(name="boards.dispatch_queued_pack_renders")
def dispatch_queued_pack_renders() -> int:
    """Run by celery beat and at worker start: send the renders the broker could not take."""
    from .packs import render

    return render.agenda_pack_renders_dispatch(task=render_agenda_pack)
