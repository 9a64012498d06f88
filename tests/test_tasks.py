"""Celery tasks of the boards app (boards.tasks)."""
import pytest

from boards.models import PackRender
from boards.tasks import render_agenda_pack
from tests.test_packs_builder import make_pack_meeting


@pytest.mark.django_db
def test_render_agenda_pack_task_renders_the_pack_render():
    data = make_pack_meeting()
    pack = PackRender.objects.create(meeting=data.meeting, edition="public")
    render_agenda_pack.delay(pack.pk)  # eager without a broker (settings)
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.READY
    assert pack.page_count and pack.file


@pytest.mark.django_db
def test_render_agenda_pack_task_records_failure(monkeypatch):
    from boards.packs import render

    data = make_pack_meeting()
    pack = PackRender.objects.create(meeting=data.meeting, edition="members")
    monkeypatch.setattr(render, "build_agenda_pack", lambda **kw: 1 / 0)
    render_agenda_pack(pack.pk)
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.FAILED
    assert "ZeroDivisionError" in pack.error
