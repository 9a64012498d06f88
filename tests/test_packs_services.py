"""Requesting and rendering agenda packs (boards.services, boards.packs.render)."""
import hashlib
from pathlib import Path

import pytest

from boards import services
from boards.models import PackRender
from boards.packs import render
from csp_portal.models import AuditEntry
from tests import factories as f
from tests.test_packs_builder import CANARY_PAPER, make_pack_meeting, page_texts


def audit_actions(pack_render):
    return list(
        AuditEntry.objects.filter(object_type="boards.packrender", object_id=str(pack_render.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.fixture
def data(db):
    return make_pack_meeting()


def test_request_queues_and_renders_after_commit(data, django_capture_on_commit_callbacks):
    user = f.UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pack = services.agenda_pack_request(
            meeting=data.meeting, edition="members", requested_by=user
        )
        assert pack.status == PackRender.Status.QUEUED
    assert len(callbacks) == 1
    assert PackRender.objects.get(pk=pack.pk).status == PackRender.Status.QUEUED
    callbacks[0]()
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.READY
    assert pack.requested_by == user
    entry = AuditEntry.objects.filter(action="pack_render.requested").get()
    assert entry.actor == user and entry.object_id == str(pack.pk)


def test_render_stores_file_and_records_it(data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.agenda_pack_request(meeting=data.meeting, edition="members")
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.READY
    assert pack.started_at and pack.finished_at and pack.finished_at >= pack.started_at
    assert pack.file.name == f"packs/csp-test-2018-03-28-members-{pack.pk}.pdf"
    content = Path(pack.file.path).read_bytes()
    assert pack.size_bytes == len(content)
    assert pack.checksum == hashlib.sha256(content).hexdigest()
    assert pack.page_count == len(page_texts(content))
    assert pack.page_references[str(data.reports.pk)][0] % 2 == 1
    assert CANARY_PAPER in " ".join(page_texts(content))
    assert audit_actions(pack) == [
        "pack_render.requested", "pack_render.rendering", "pack_render.ready"
    ]


def test_failed_render_records_the_error(data, monkeypatch, django_capture_on_commit_callbacks):
    def explode(**kwargs):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(render, "build_agenda_pack", explode)
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.agenda_pack_request(meeting=data.meeting, edition="public")
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.FAILED
    assert "RuntimeError: layout exploded" in pack.error
    assert "in explode" in pack.error
    assert pack.finished_at is not None and not pack.file
    assert audit_actions(pack)[-1] == "pack_render.failed"
    failed = AuditEntry.objects.get(action="pack_render.failed")
    assert failed.detail["status"] == ["rendering", "failed"]


def test_ready_render_is_not_redone(data, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.agenda_pack_request(meeting=data.meeting, edition="public")
    monkeypatch.setattr(render, "build_agenda_pack", lambda **kw: pytest.fail("rebuilt"))
    again = render.agenda_pack_render(pack_render_id=pack.pk)
    assert again.status == PackRender.Status.READY


def test_unknown_edition_is_refused(data):
    with pytest.raises(ValueError):
        services.agenda_pack_request(meeting=data.meeting, edition="draft")
    assert not PackRender.objects.exists()
