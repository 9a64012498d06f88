"""With the database refusing connections: /healthz says so, and no worker reports ready.

Each check runs in its own process pointed at a port where nothing listens, as a
container whose database went away would be.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
REFUSED_DATABASE = "postgres://postgres@127.0.0.1:1/csp_refused"

HEALTHZ_PROBE = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return {**env, "DJANGO_SETTINGS_MODULE": "csp_portal.settings", "DEBUG": "0",
            "SECRET_KEY": "database-refused-test", "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": REFUSED_DATABASE, **extra}


def test_healthz_answers_503_with_the_reason_when_the_database_refuses():
    result = subprocess.run([sys.executable, "-c", HEALTHZ_PROBE], cwd=ROOT, env=_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"] == {
        "status": "unavailable", "reason": "database unavailable (OperationalError)"
    }
    # The error's text (host, port) goes to the log, not to the public answer.
    assert "127.0.0.1" not in json.dumps(answer["body"])
    assert "Health check: the database is unavailable" in result.stderr


def test_check_database_command_fails_with_the_reason_when_the_database_refuses():
    result = subprocess.run([sys.executable, "manage.py", "check_database"], cwd=ROOT,
                            env=_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "The database is unavailable" in result.stderr
    assert "Connection refused" in result.stderr or "could not connect" in result.stderr


@pytest.mark.django_db
def test_check_database_command_passes_when_the_database_answers(capsys):
    call_command("check_database")
    assert "The database answers." in capsys.readouterr().out


def test_a_worker_without_its_database_never_reports_ready_and_stops(tmp_path):
    """A real `celery worker` process: it waits, then exits 1 with the reason, never "ready"."""
    log = tmp_path / "worker.log"
    celery = str(Path(sys.executable).with_name("celery"))
    broker = os.environ.get("CELERY_BROKER_URL", "") or "memory://"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [celery, "-A", "csp_portal", "worker", "--pool=solo", "--loglevel=INFO",
             "-Q", "csp-test-no-database", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=_env(CELERY_BROKER_URL=broker, WORKER_DATABASE_WAIT_SECONDS="4"),
            stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        code = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    text = log.read_text()
    assert code == 1, text
    assert "Waiting for the database before taking tasks" in text
    assert "The database did not answer within 4 s" in text
    assert " ready." not in text


def test_worker_and_beat_health_checks_check_the_database():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for service in ("worker", "beat"):
        test = " ".join(compose["services"][service]["healthcheck"]["test"])
        assert "manage.py check_database" in test, service
