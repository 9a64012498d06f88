"""``manage.py render_pack`` (boards.management.commands.render_pack)."""
import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from boards.models import PackRender
from tests.test_packs_builder import make_pack_meeting

# Real commits: the command queues the render with on_commit and polls for it.
pytestmark = pytest.mark.django_db(transaction=True)


def test_render_pack_by_board_and_date_writes_the_file(tmp_path):
    data = make_pack_meeting()
    out = tmp_path / "pack.pdf"
    stdout = io.StringIO()
    call_command(
        "render_pack", "csp-test/2018-03-28", "--edition", "members", "--out", str(out),
        stdout=stdout,
    )
    pack = PackRender.objects.get(meeting=data.meeting)
    assert pack.status == PackRender.Status.READY and pack.edition == "members"
    assert len(PdfReader(out).pages) == pack.page_count
    assert f"{pack.page_count} pages" in stdout.getvalue()
    assert str(out) in stdout.getvalue()


def test_render_pack_by_meeting_id(tmp_path):
    data = make_pack_meeting()
    out = tmp_path / "public.pdf"
    call_command("render_pack", str(data.meeting.pk), "--out", str(out), stdout=io.StringIO())
    assert PackRender.objects.get().edition == "public"
    assert out.read_bytes().startswith(b"%PDF")


def test_render_pack_fails_with_the_error(monkeypatch, tmp_path):
    from boards.packs import render

    data = make_pack_meeting()

    def explode(**kwargs):
        raise RuntimeError("no fonts today")

    monkeypatch.setattr(render, "build_agenda_pack", explode)
    with pytest.raises(CommandError, match="no fonts today"):
        call_command("render_pack", str(data.meeting.pk), "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("spec", ["999999", "csp-test/2019-01-01", "csp-test/not-a-date"])
def test_render_pack_unknown_meeting(spec):
    make_pack_meeting()
    with pytest.raises(CommandError):
        call_command("render_pack", spec)
