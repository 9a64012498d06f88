"""Renders that no worker finished are failed by the beat task, not left 'rendering' for ever.

A render the broker never took is not expired: it waits for the broker (the outbox).
"""
import datetime as dt

import pytest
from django.utils import timezone

from boards.models import PackRender
from boards.tasks import expire_stale_pack_renders
from csp_portal.models import AuditEntry
from tests.factories import MeetingFactory


def _render(status: str, minutes_ago: int, *, field: str) -> PackRender:
    pack = PackRender.objects.create(meeting=MeetingFactory(), edition="public", status=status)
    when = timezone.now() - dt.timedelta(minutes=minutes_ago)
    PackRender.objects.filter(pk=pack.pk).update(**{"queued_at": when, field: when})
    return pack


@pytest.mark.django_db
def test_stale_queued_and_rendering_packs_fail_with_a_reason(settings):
    assert settings.RENDER_STALE_SECONDS == 30 * 60  # visibility timeout + time limit + 5 min
    stale_queued = _render(PackRender.Status.QUEUED, 45, field="dispatched_at")
    stale_rendering = _render(PackRender.Status.RENDERING, 31, field="started_at")
    fresh = _render(PackRender.Status.RENDERING, 5, field="started_at")
    ready = _render(PackRender.Status.READY, 300, field="finished_at")
    never_taken = _render(PackRender.Status.QUEUED, 300, field="queued_at")

    assert expire_stale_pack_renders() == 2

    for pack in (stale_queued, stale_rendering):
        pack.refresh_from_db()
        assert pack.status == PackRender.Status.FAILED
        assert "within 30 minutes" in pack.error and "render the pack again" in pack.error
        assert pack.finished_at is not None
        assert AuditEntry.objects.filter(
            object_type="boards.packrender", object_id=str(pack.pk), action="pack_render.failed"
        ).exists()
    for pack, status in ((fresh, "rendering"), (ready, "ready"), (never_taken, "queued")):
        pack.refresh_from_db()
        assert pack.status == status


def test_beat_runs_the_expiry_and_outbox_tasks():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"boards.expire_stale_pack_renders", "boards.dispatch_queued_pack_renders"} <= tasks
