"""The demo agenda pack rendered by a real Celery worker process over Redis and PostgreSQL.

Needs both services: off CI it skips when they are absent, on CI it fails.
"""
import datetime as dt
import hashlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from pypdf import PdfReader

from boards.models import Meeting, PackRender
from csp_portal.celery import app as celery_app
from tests.services import require_postgresql, require_redis

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.services, pytest.mark.real_worker]


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(settings, tmp_path):
    """A celery worker process on its own queue, sharing this test's database and media folder."""
    broker = require_redis()
    queue = f"csp-test-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "worker-test-key"),
        "DEBUG": "0",
    }
    celery = str(Path(sys.executable).with_name("celery"))
    with log.open("w") as out:
        proc = subprocess.Popen(
            [celery, "-A", "csp_portal", "worker", "--pool=solo", "--loglevel=INFO",
             "-Q", queue, "-n", f"{queue}@%h", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    previous = (celery_app.conf.task_default_queue, celery_app.conf.task_always_eager)
    celery_app.conf.task_default_queue = queue
    celery_app.conf.task_always_eager = False
    try:
        yield proc, log
    finally:
        celery_app.conf.task_default_queue, celery_app.conf.task_always_eager = previous
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.django_db(transaction=True)
def test_demo_pack_is_rendered_by_a_real_worker(worker):
    require_postgresql()
    from boards.demo.loader import load_demo
    from boards.services import agenda_pack_request

    load_demo()
    proc, log = worker
    meeting = Meeting.objects.get(board__slug="bd-csp", start__date=dt.date(2018, 3, 28))

    pack = agenda_pack_request(meeting=meeting, edition=PackRender.Edition.PUBLIC)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        pack.refresh_from_db()
        if pack.status in (PackRender.Status.READY, PackRender.Status.FAILED):
            break
        assert proc.poll() is None, f"worker exited:\n{log.read_text()}"
        time.sleep(0.2)

    worker_log = log.read_text()
    assert pack.status == PackRender.Status.READY, f"{pack.status}: {pack.error}\n{worker_log}"
    assert "render_agenda_pack" in worker_log and "succeeded" in worker_log
    data = Path(pack.file.path).read_bytes()
    assert hashlib.sha256(data).hexdigest() == pack.checksum
    assert len(data) == pack.size_bytes
    reader = PdfReader(pack.file.path)
    assert len(reader.pages) == pack.page_count
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "COMMUNITY SAFETY PARTNERSHIP" in text.upper()
    assert "This document is a restricted document" not in text
