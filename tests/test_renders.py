"""The shared render bookkeeping (csp_portal.renders) against faults, with in-process tasks.

The same faults with a real worker, Redis and PostgreSQL: tests/test_render_faults.py.
"""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Membership, PackRender
from boards.packs.render import agenda_pack_render
from boards.services import agenda_pack_render_again, agenda_pack_request
from boards.tasks import dispatch_queued_pack_renders, render_agenda_pack
from csp_portal.models import AuditEntry
from csp_portal.renders import render_dispatch, renders_dispatch_queued
from tests.factories import MeetingFactory
from tests.fixtures.boards import signed_in
from tests.test_packs_builder import make_pack_meeting

pytestmark = pytest.mark.django_db


def _audit(pack: PackRender, action: str) -> int:
    return AuditEntry.objects.filter(
        object_type="boards.packrender", object_id=str(pack.pk), action=action
    ).count()


def _pack(status=PackRender.Status.QUEUED, **fields) -> PackRender:
    return PackRender.objects.create(
        meeting=make_pack_meeting().meeting, edition="public", status=status, **fields
    )


class BrokerDown:
    """A render task whose broker cannot be reached."""

    def delay(self, pk):
        from kombu.exceptions import OperationalError

        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")


def test_a_render_left_rendering_by_a_dead_worker_is_finished_by_the_next_delivery_once():
    pack = _pack(PackRender.Status.RENDERING, attempts=1, started_at=timezone.now())
    agenda_pack_render(pack_render_id=pack.pk)  # the redelivered task
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.READY and pack.attempts == 2 and pack.file
    agenda_pack_render(pack_render_id=pack.pk)  # delivered once more: nothing happens
    pack.refresh_from_db()
    assert pack.attempts == 2
    assert _audit(pack, "pack_render.ready") == 1


def test_a_failed_render_is_final_for_a_late_delivery():
    pack = _pack(PackRender.Status.FAILED, error="Replaced by render 9")
    agenda_pack_render(pack_render_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.FAILED and pack.attempts == 0 and not pack.file


def test_a_render_that_keeps_killing_its_worker_is_failed_not_looped(settings):
    settings.RENDER_MAX_ATTEMPTS = 3
    pack = _pack(PackRender.Status.RENDERING, attempts=3, started_at=timezone.now())
    agenda_pack_render(pack_render_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.FAILED
    assert "The worker stopped 3 times" in pack.error and not pack.file


def test_render_tasks_are_acknowledged_late_and_requeued_when_their_worker_is_lost(settings):
    from indicators.tasks import render_performance_report

    for task in (render_agenda_pack, render_performance_report):
        assert task.acks_late and task.reject_on_worker_lost
        assert task.time_limit == settings.RENDER_TIME_LIMIT
        assert task.soft_time_limit < task.time_limit
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > settings.RENDER_TIME_LIMIT


def test_with_the_broker_down_a_request_is_kept_and_sent_by_the_outbox_later(settings):
    settings.RENDER_DISPATCH_GRACE_SECONDS = 0
    pack = _pack()
    assert not render_dispatch(render_model=PackRender, pk=pack.pk, task=BrokerDown(),
                               action_prefix="pack_render")
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.QUEUED and pack.dispatched_at is None
    assert "The task queue could not be reached" in pack.error
    assert _audit(pack, "pack_render.dispatch_failed") == 1
    # Still down: the outbox tries, sends nothing, keeps it.
    assert renders_dispatch_queued(render_model=PackRender, task=BrokerDown(),
                                   action_prefix="pack_render") == 0
    # Back: the beat task sends it (in-process here) and it is rendered.
    assert dispatch_queued_pack_renders() == 1
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.READY and pack.dispatched_at is not None
    assert pack.error == ""
    assert _audit(pack, "pack_render.dispatched") == 1
    assert dispatch_queued_pack_renders() == 0


def test_the_outbox_leaves_a_request_alone_while_its_own_request_may_be_sending_it(settings):
    settings.RENDER_DISPATCH_GRACE_SECONDS = 30
    pack = _pack()
    assert dispatch_queued_pack_renders() == 0
    PackRender.objects.filter(pk=pack.pk).update(
        queued_at=timezone.now() - dt.timedelta(seconds=31)
    )
    assert dispatch_queued_pack_renders() == 1


def test_render_again_replaces_a_failed_or_stuck_render_not_a_ready_or_running_one(
    settings, django_capture_on_commit_callbacks,
):
    meeting = make_pack_meeting().meeting
    failed = PackRender.objects.create(meeting=meeting, edition="members",
                                       status=PackRender.Status.FAILED, error="boom")
    with django_capture_on_commit_callbacks(execute=True):
        new = agenda_pack_render_again(pack_render=failed, actor=None)
    assert new.pk != failed.pk and new.edition == "members" and new.meeting == meeting
    new.refresh_from_db()
    assert new.status == PackRender.Status.READY  # rendered in-process

    with pytest.raises(ValueError, match="ready"):
        agenda_pack_render_again(pack_render=new, actor=None)

    running = PackRender.objects.create(meeting=meeting, edition="public",
                                        status=PackRender.Status.RENDERING, attempts=1,
                                        started_at=timezone.now(), dispatched_at=timezone.now())
    with pytest.raises(ValueError, match="under way"):
        agenda_pack_render_again(pack_render=running, actor=None)
    PackRender.objects.filter(pk=running.pk).update(
        started_at=timezone.now() - dt.timedelta(seconds=settings.RENDER_TIME_LIMIT + 1)
    )
    replacement = agenda_pack_render_again(pack_render=running, actor=None)
    running.refresh_from_db()
    assert running.status == PackRender.Status.FAILED
    assert f"Replaced by render {replacement.pk}" in running.error


def test_the_meeting_page_shows_the_true_state_and_offers_render_again(
    client, board, django_capture_on_commit_callbacks,
):
    meeting = MeetingFactory(board=board, status="agenda_published")
    waiting = PackRender.objects.create(meeting=meeting, edition="public")
    PackRender.objects.filter(pk=waiting.pk).update(
        queued_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert not render_dispatch(render_model=PackRender, pk=waiting.pk, task=BrokerDown(),
                               action_prefix="pack_render")
    PackRender.objects.create(meeting=meeting, edition="members",
                              status=PackRender.Status.FAILED, error="Worker lost")
    url = reverse("boards:meeting_detail", args=[board.slug, meeting.pk])

    public = client.get(url).content.decode()
    assert "Waiting for the task queue" in public
    assert "Render again" not in public  # only the clerk may

    signed_in(client, board, Membership.Role.CLERK)
    page = client.get(url).content.decode()
    assert page.count("Render again") == 2  # the stuck public pack and the failed members' pack
    again = reverse("boards:pack_render_again", args=[board.slug, meeting.pk, waiting.pk])
    assert again in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(again)
    assert response.status_code == 302 and response["Location"].endswith("#packs")
    waiting.refresh_from_db()
    assert waiting.status == PackRender.Status.FAILED
    assert meeting.pack_renders.filter(edition="public", status="ready").exists()


def test_a_request_made_in_a_transaction_is_sent_only_after_it_commits(
    django_capture_on_commit_callbacks,
):
    meeting = make_pack_meeting().meeting
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pack = agenda_pack_request(meeting=meeting, edition="public")
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.QUEUED and pack.dispatched_at is None
    assert len(callbacks) == 1
    callbacks[0]()
    pack.refresh_from_db()
    assert pack.dispatched_at is not None and pack.status == PackRender.Status.READY


# --- performance report renders: the same bookkeeping --------------------------------------


def test_report_renders_expire_like_pack_renders(settings):
    from indicators.models import PerformanceReportRender
    from indicators.tasks import expire_stale_report_renders
    from tests.factories import PerformanceReportFactory

    old = timezone.now() - dt.timedelta(seconds=settings.RENDER_STALE_SECONDS + 60)
    report = PerformanceReportFactory()
    stale = PerformanceReportRender.objects.create(
        report=report, status=PerformanceReportRender.Status.RENDERING, started_at=old,
        dispatched_at=old, attempts=1,
    )
    waiting = PerformanceReportRender.objects.create(report=report)
    PerformanceReportRender.objects.filter(pk=waiting.pk).update(queued_at=old)
    assert expire_stale_report_renders() == 1
    stale.refresh_from_db()
    waiting.refresh_from_db()
    assert stale.status == "failed" and "render the report again" in stale.error
    assert waiting.status == "queued", "the broker never took it: it waits for the outbox"
    beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"indicators.expire_stale_report_renders",
            "indicators.dispatch_queued_report_renders"} <= beat


def test_the_dashboard_offers_render_again_for_a_failed_report_render(
    client, board, django_capture_on_commit_callbacks, monkeypatch,
):
    from indicators import tasks
    from indicators.models import PerformanceReportRender
    from tests.factories import PerformanceReportFactory

    report = PerformanceReportFactory(board=board)
    failed = PerformanceReportRender.objects.create(
        report=report, status=PerformanceReportRender.Status.FAILED, error="Worker lost"
    )
    signed_in(client, board, Membership.Role.CHAIR)
    page = client.get(reverse("indicators:dashboard", args=[board.slug])).content.decode()
    again = reverse("indicators:report_render_again", args=[board.slug, report.pk, failed.pk])
    assert again in page and "Render again" in page

    sent = []
    monkeypatch.setattr(tasks.render_performance_report, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(again)
    assert response.status_code == 302
    new = report.renders.exclude(pk=failed.pk).get()
    assert sent == [new.pk] and new.status == "queued" and new.dispatched_at is not None
    assert AuditEntry.objects.filter(action="performance_report_render.rendered_again",
                                     object_id=str(new.pk)).exists()


def test_the_same_pack_renders_to_the_same_bytes():
    """Reproducible PDFs (a content-derived /ID): what lets a restored backup be checked by
    the SHA-256 of its pack (scripts/backup_restore_check.sh)."""
    meeting = make_pack_meeting().meeting
    first = PackRender.objects.create(meeting=meeting, edition="members")
    second = PackRender.objects.create(meeting=meeting, edition="members")
    from csp_portal import pdf_cache

    for pack in (first, second):
        pdf_cache.cache_clear()  # laid out and written afresh each time
        agenda_pack_render(pack_render_id=pack.pk)
        pack.refresh_from_db()
    assert first.status == second.status == PackRender.Status.READY
    assert first.checksum == second.checksum


# --- progress and limits of a pack render laid out part by part -----------------------------


def test_a_render_records_its_parts_done_and_the_meeting_page_shows_them(client, board):
    from csp_portal import pdf_cache

    pdf_cache.cache_clear()
    pack = _pack()
    agenda_pack_render(pack_render_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.READY
    assert pack.parts_total > 1 and pack.parts_done == pack.parts_total

    meeting = MeetingFactory(board=board, status="agenda_published")
    PackRender.objects.create(meeting=meeting, edition="public", attempts=1,
                              status=PackRender.Status.RENDERING, started_at=timezone.now(),
                              dispatched_at=timezone.now(), parts_total=14, parts_done=5)
    page = client.get(reverse("boards:meeting_detail", args=[board.slug, meeting.pk]))
    text = page.content.decode()
    assert "5 of 14 parts done" in text
    assert '<progress class="csp-progress__bar" max="14" value="5"' in text
    assert 'aria-labelledby="pack-progress-public-0"' in text


@pytest.mark.parametrize("limit, message", [
    ({"RENDER_PART_TIME_LIMIT": 0.0005}, "took longer than 0.0005 s to lay out"),
    ({"RENDER_PART_MEMORY_MB": 1}, "(the limit is 1 MB)"),
])
def test_a_part_over_its_time_or_memory_limit_fails_the_render_saying_which(
    settings, limit, message,
):
    from csp_portal import pdf_cache

    for name, value in limit.items():
        setattr(settings, name, value)
    pdf_cache.cache_clear()
    pack = _pack()
    agenda_pack_render(pack_render_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.FAILED and not pack.file
    assert 'The part "' in pack.error and message in pack.error
