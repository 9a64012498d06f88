"""Faults around rendering, with a real `celery worker`, Redis and PostgreSQL (issue 9: Faults).

- A worker killed mid-render (its pool child, or the whole worker): the render is
  delivered again and ends ready exactly once.
- The broker down when the clerk publishes: the meeting is published, both packs
  are kept as queued (the outbox), and once the broker is back the beat task sends
  them and the worker renders them.

Off CI these skip when PostgreSQL, Redis or redis-server is missing; on CI they fail.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.urls import reverse

from boards.models import Meeting, Membership, PackRender
from csp_portal.celery import app as celery_app
from csp_portal.models import AuditEntry
from tests.services import _missing, require_postgresql, require_redis
from tests.test_worker_integration import _database_url

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.services, pytest.mark.real_worker,
              pytest.mark.django_db(transaction=True)]

# Short enough for a test to wait out: a render killed with its whole worker is handed to
# another worker once Redis's visibility timeout has passed (longer than the hard limit).
# The demo pack renders in about 8 s here, so the hard limit still leaves a wide margin.
WORKER_SETTINGS = {
    "RENDER_TIME_LIMIT": "60",
    "CELERY_VISIBILITY_TIMEOUT": "70",
    "CELERY_UNACKED_RESTORE_SECONDS": "2",
    "RENDER_DISPATCH_GRACE_SECONDS": "0",
}


class Worker:
    """A `celery worker` process (prefork, one pool child) on its own queue and log."""

    def __init__(self, *, broker: str, queue: str, media_root: Path, log: Path):
        self.log = log
        env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": broker,
            "MEDIA_ROOT": str(media_root), "SECRET_KEY": "worker-test-key", "DEBUG": "0",
            "CELERY_TASK_DEFAULT_QUEUE": queue,  # what the worker sends itself stays here
            **WORKER_SETTINGS,
        }
        celery = str(Path(sys.executable).with_name("celery"))
        with log.open("a") as out:
            self.proc = subprocess.Popen(
                [celery, "-A", "csp_portal", "worker", "--pool=prefork", "--concurrency=1",
                 "--loglevel=INFO", "-Q", queue, "-n", f"{queue}-{uuid.uuid4().hex[:4]}@%h",
                 "--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, to kill it whole
            )

    def text(self) -> str:
        return self.log.read_text()

    def wait_ready(self, timeout: float = 120) -> None:
        _wait(lambda: " ready." in self.text(), timeout, lambda: f"worker not ready:\n"
              f"{self.text()}", self)

    def pool_children(self) -> list[int]:
        """PIDs of the worker's pool processes (children of its main process)."""
        children: list[int] = []
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            text = (task / "children").read_text().split()
            children += [int(pid) for pid in text]
        return children

    def kill_child(self) -> int:
        """SIGKILL the pool child (the process rendering); returns its PID."""
        (child,) = self.pool_children()
        os.kill(child, signal.SIGKILL)
        return child

    def kill_whole(self) -> None:
        """SIGKILL the main process and its pool child at once, as a lost machine would."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)


def _wait(condition, timeout: float, message, worker: Worker | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if worker is not None and worker.proc.poll() is not None:
            pytest.fail(f"worker exited ({worker.proc.returncode}):\n{worker.text()}")
        if time.monotonic() > deadline:
            pytest.fail(message())
        time.sleep(0.2)


@contextmanager
def _app_on(broker: str, queue: str):
    """This test process sends tasks to ``broker``'s ``queue`` instead of running them."""
    conf = celery_app.conf
    previous = (conf.broker_url, conf.task_default_queue, conf.task_always_eager)
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    previous_env = os.environ.get("CELERY_BROKER_URL")

    def reset_pools():
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    os.environ["CELERY_BROKER_URL"] = broker
    conf.broker_url, conf.task_default_queue, conf.task_always_eager = broker, queue, False
    reset_pools()
    try:
        yield reset_pools
    finally:
        conf.broker_url, conf.task_default_queue, conf.task_always_eager = previous
        if previous_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = previous_env
        reset_pools()


@pytest.fixture
def workers(settings, tmp_path):
    """Start workers on one queue of the shared Redis; all are stopped at the end."""
    broker = require_redis()
    require_postgresql()
    queue = f"csp-faults-{uuid.uuid4().hex[:8]}"
    started: list[Worker] = []

    def start() -> Worker:
        worker = Worker(broker=broker, queue=queue, media_root=settings.MEDIA_ROOT,
                        log=tmp_path / f"worker-{len(started)}.log")
        started.append(worker)
        worker.wait_ready()
        return worker

    with _app_on(broker, queue):
        try:
            yield start
        finally:
            for worker in started:
                worker.stop()


def _demo_pack() -> PackRender:
    from boards.demo.loader import load_demo
    from boards.services import agenda_pack_request

    load_demo()
    meeting = Meeting.objects.get(board__slug="bd-csp", start__date=dt.date(2018, 3, 28))
    return agenda_pack_request(meeting=meeting, edition=PackRender.Edition.PUBLIC)


def _wait_status(pack: PackRender, statuses: set[str], worker: Worker, timeout=240) -> None:
    def reached():
        pack.refresh_from_db()
        return pack.status in statuses

    _wait(reached, timeout, lambda: f"render {pack.pk} still {pack.status}:\n{worker.text()}",
          worker)


def _assert_ready_exactly_once(pack: PackRender, attempts: int, media_root: Path) -> None:
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.READY, pack.error
    assert pack.attempts == attempts
    ready = AuditEntry.objects.filter(object_type="boards.packrender", object_id=str(pack.pk),
                                      action="pack_render.ready")
    assert ready.count() == 1
    files = list((media_root / "packs").glob(f"*-{pack.pk}*.pdf"))
    assert [f.name for f in files] == [Path(pack.file.name).name]
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == pack.checksum


def test_a_render_whose_pool_child_is_killed_is_retried_and_ends_ready_once(workers, settings):
    worker = workers()
    pack = _demo_pack()
    _wait_status(pack, {PackRender.Status.RENDERING}, worker)
    child = worker.kill_child()
    assert pack.attempts == 1

    _wait_status(pack, {PackRender.Status.READY, PackRender.Status.FAILED}, worker)
    text = worker.text()
    assert f"Process 'ForkPoolWorker-1' pid:{child} exited with 'signal 9 (SIGKILL)'" in text
    assert "WorkerLostError" in text
    _assert_ready_exactly_once(pack, attempts=2, media_root=Path(settings.MEDIA_ROOT))


def test_a_render_whose_whole_worker_is_killed_is_retried_by_another_and_ends_ready_once(
    workers, settings,
):
    first = workers()
    pack = _demo_pack()
    _wait_status(pack, {PackRender.Status.RENDERING}, first)
    first.kill_whole()
    pack.refresh_from_db()
    assert pack.status == PackRender.Status.RENDERING and pack.attempts == 1

    # The message was never acknowledged: Redis gives it to the next worker once the
    # visibility timeout has passed.
    second = workers()
    _wait_status(pack, {PackRender.Status.READY, PackRender.Status.FAILED}, second,
                 timeout=int(WORKER_SETTINGS["CELERY_VISIBILITY_TIMEOUT"]) + 240)
    _assert_ready_exactly_once(pack, attempts=2, media_root=Path(settings.MEDIA_ROOT))


# --- the broker down when the clerk publishes ----------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own, to stop and start as a broker outage."""

    def __init__(self, tmp_path: Path):
        binary = shutil.which("redis-server")
        if binary is None:
            _missing("redis-server is not installed")
        self.binary, self.dir, self.port = binary, tmp_path, _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


@pytest.fixture
def _quick_broker_refusal():
    """The request gives up on a refused broker after one second instead of Celery's four
    (each pack is one attempt), so the worker, backing off meanwhile, finds it back sooner;
    what the publication does on the refusal is the same."""
    conf = celery_app.conf
    previous = conf.broker_connection_timeout
    conf.broker_connection_timeout = 1
    yield
    conf.broker_connection_timeout = previous


def test_publishing_with_the_broker_down_commits_and_the_packs_follow_when_it_is_back(
    client, settings, tmp_path, _quick_broker_refusal,
):
    require_postgresql()
    from boards.tasks import dispatch_queued_pack_renders
    from tests.fixtures.boards import board_user
    from tests.test_packs_builder import make_pack_meeting

    redis = PrivateRedis(tmp_path)
    redis.start()
    queue = f"csp-outbox-{uuid.uuid4().hex[:8]}"
    worker = Worker(broker=redis.url, queue=queue, media_root=Path(settings.MEDIA_ROOT),
                    log=tmp_path / "worker.log")
    try:
        worker.wait_ready()
        meeting = make_pack_meeting().meeting
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PLANNED)
        client.force_login(board_user(meeting.board, Membership.Role.CLERK))
        with _app_on(redis.url, queue) as reset_pools:
            redis.stop()  # the broker goes down

            url = reverse("boards:meeting_publish", args=[meeting.board.slug, meeting.pk])
            response = client.post(url, {"confirm": "yes", "reason": "Broker test"})
            assert response.status_code == 302, "no 500: the publication is committed"
            meeting.refresh_from_db()
            assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
            packs = list(meeting.pack_renders.order_by("edition"))
            assert [p.edition for p in packs] == ["members", "public"]
            for pack in packs:
                assert pack.status == PackRender.Status.QUEUED and pack.dispatched_at is None
                assert AuditEntry.objects.filter(object_id=str(pack.pk),
                                                 action="pack_render.dispatch_failed").exists()
            page = client.get(response["Location"]).content.decode()
            assert page.count("Waiting for the task queue") == 2

            redis.start()  # the broker is back; the worker reconnects on its own
            _wait(lambda: worker.text().count("Connected to redis://") >= 2, 120,
                  lambda: f"worker did not reconnect:\n{worker.text()}", worker)
            reset_pools()
            dispatch_queued_pack_renders.delay()  # what celery beat sends every minute

            for pack in packs:
                _wait_status(pack, {PackRender.Status.READY, PackRender.Status.FAILED}, worker)
                assert pack.status == PackRender.Status.READY, pack.error
                assert pack.dispatched_at is not None and pack.attempts == 1
                assert AuditEntry.objects.filter(object_id=str(pack.pk),
                                                 action="pack_render.dispatched").exists()
            page = client.get(response["Location"]).content.decode()
            assert "Waiting for the task queue" not in page
    finally:
        worker.stop()
        redis.stop()
