"""A pack rendered by a real `celery worker` with two processes (PACK_PART_TASKS on): its
parts are laid out as tasks, by both processes at the same time, written to the part
store and stitched into one PDF that passes the pack tests' checks (page references,
links, restricted canaries, bookmarks, ``pdfua check``).

Off CI this skips when PostgreSQL or Redis is missing; on CI it fails.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from boards.models import PackRender
from boards.packs import build_agenda_pack
from boards.services import agenda_pack_request
from tests import factories as f
from tests.pack_checks import check_pack
from tests.services import require_postgresql, require_redis
from tests.test_packs_builder import LONG_TEXT, make_pack_meeting
from tests.test_render_faults import _app_on, _wait
from tests.test_worker_integration import _database_url

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.services, pytest.mark.real_worker,
              pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_process_worker(settings, tmp_path):
    """One `celery worker --concurrency=2` on its own queue, parts on the workers."""
    broker = require_redis()
    require_postgresql()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    queue = f"csp-parts-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": broker,
        "MEDIA_ROOT": settings.MEDIA_ROOT, "SECRET_KEY": "worker-test-key", "DEBUG": "0",
        "CELERY_TASK_DEFAULT_QUEUE": queue, "PACK_PART_TASKS": "1",
        "RENDER_DISPATCH_GRACE_SECONDS": "0",
    }
    celery = str(Path(sys.executable).with_name("celery"))
    with log.open("a") as out:
        proc = subprocess.Popen(
            [celery, "-A", "csp_portal", "worker", "--pool=prefork", "--concurrency=2",
             "--loglevel=INFO", "-Q", queue, "-n", f"{queue}@%h",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait(lambda: " ready." in log.read_text(), 120,
              lambda: f"worker not ready:\n{log.read_text()}")
        with _app_on(broker, queue):
            yield log
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 15)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait(timeout=30)


def _overlapping(metas: list[dict]) -> bool:
    """Whether two parts were laid out by different processes at the same time."""
    return any(a["pid"] != b["pid"] and a["began"] < b["ended"] and b["began"] < a["ended"]
               for a in metas for b in metas)


def test_two_worker_processes_lay_out_one_pack_and_it_passes_the_pack_checks(
    two_process_worker, settings,
):
    log = two_process_worker
    data = make_pack_meeting()
    # Enough pieces, of a few pages each, that the rendering process cannot lay them all
    # out before the other process takes their tasks.
    reports = data.meeting.agenda_items.get(title="Reports")
    for n in range(8):
        paper = f.PaperFactory(agenda_item=reports, title=f"Annual review {n + 1}",
                               position=10 + n)
        f.PaperSectionFactory(paper=paper, position=1, body="\n\n".join([LONG_TEXT] * 3))
    titles = {item.pk: item.title for item in data.meeting.agenda_items.all()}
    store = Path(settings.MEDIA_ROOT) / "parts"
    for edition in ("public", "members"):
        render = agenda_pack_request(meeting=data.meeting, edition=edition)

        def ready(render=render):
            render.refresh_from_db()
            return render.status in (PackRender.Status.READY, PackRender.Status.FAILED)

        _wait(ready, 120, lambda render=render: f"render still {render.status}:\n{log.read_text()}")
        assert render.status == PackRender.Status.READY, render.error
        if edition == "public":
            # The public pack's pieces (most of the pack: the members' pack reuses every
            # piece they print alike) were laid out by both processes, side by side.
            metas = [json.loads(p.read_text()) for p in store.glob("*.json")
                     if not p.name.endswith(".spec.json")]
            assert len({m["pid"] for m in metas}) == 2, metas
            assert _overlapping(metas)
        pdf = render.file.read()
        render.file.close()
        assert hashlib.sha256(pdf).hexdigest() == render.checksum
        check_pack(pdf=pdf, front_pages=render.page_count - render.last_page,
                   page_references=render.page_references, edition=edition, titles=titles)
        # The same input gives the same file, here assembled from the stored parts.
        settings.PACK_PART_TASKS = True
        again = build_agenda_pack(meeting=data.meeting, edition=edition)
        assert hashlib.sha256(again.pdf).hexdigest() == render.checksum
    assert "csp_portal.render_part" in log.read_text()
