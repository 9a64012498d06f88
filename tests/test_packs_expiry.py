"""Renders that no worker finished are failed by the beat task, not left 'rendering' for ever."""
import datetime as dt

import pytest
from django.utils import timezone

from boards.models import PackRender
from boards.tasks import expire_stale_pack_renders
from csp_portal.models import AuditEntry
from tests.factories import MeetingFactory


def _render(status: str, minutes_ago: int) -> PackRender:
    pack = PackRender.objects.create(meeting=MeetingFactory(), edition="public", status=status)
    PackRender.objects.filter(pk=pack.pk).update(
        queued_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    return pack


@pytest.mark.django_db
def test_stale_queued_and_rendering_packs_fail_with_a_reason():
    stale_queued = _render(PackRender.Status.QUEUED, 45)
    stale_rendering = _render(PackRender.Status.RENDERING, 31)
    fresh = _render(PackRender.Status.RENDERING, 5)
    ready = _render(PackRender.Status.READY, 300)

    assert expire_stale_pack_renders() == 2

    for pack in (stale_queued, stale_rendering):
        pack.refresh_from_db()
        assert pack.status == PackRender.Status.FAILED
        assert "within 30 minutes" in pack.error
        assert pack.finished_at is not None
        assert AuditEntry.objects.filter(
            object_type="boards.packrender", object_id=str(pack.pk), action="pack_render.failed"
        ).exists()
    fresh.refresh_from_db()
    ready.refresh_from_db()
    assert fresh.status == PackRender.Status.RENDERING
    assert ready.status == PackRender.Status.READY


def test_beat_runs_the_expiry_task():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "boards.expire_stale_pack_renders" in tasks
