"""Settings come from the environment, with the embedded default when nothing is set."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = (
    "import django, json; from django.conf import settings; django.setup();"
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'],"
    " 'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL,"
    " 'debug': settings.DEBUG}))"
)


def _run(env_overrides: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "csp_portal.settings", "CSP_VAR_DIR": str(tmp_path)})
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_requires_secret_key(tmp_path):
    result = _run({}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_embedded_default_is_sqlite_and_eager_tasks(tmp_path):
    result = _run({"DEBUG": "1"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert '"eager": true' in result.stdout
    assert '"debug": true' in result.stdout


def test_debug_is_off_unless_asked(tmp_path):
    result = _run({"SECRET_KEY": "x" * 50}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"debug": false' in result.stdout


def test_database_and_broker_urls_switch_to_postgresql_and_a_worker(tmp_path):
    result = _run(
        {
            "SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/csp_portal",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.postgresql"' in result.stdout
    assert '"eager": false' in result.stdout
    assert '"broker": "redis://127.0.0.1:6379/0"' in result.stdout


def test_the_visibility_timeout_must_outlast_the_render_time_limit(tmp_path):
    """Otherwise Redis would hand a render still running to a second worker."""
    result = _run({"SECRET_KEY": "x" * 50, "RENDER_TIME_LIMIT": "600",
                   "CELERY_VISIBILITY_TIMEOUT": "600"}, tmp_path)
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT (600 s) must be longer than" in result.stderr


def test_the_embedded_worker_broker_keeps_its_messages_under_var(tmp_path):
    """`make run` (scripts/with_worker.sh) sets CELERY_BROKER_URL=filesystem://: web server,
    worker and commands then share message folders under var/broker, and nothing is eager."""
    probe = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps({'eager': settings.CELERY_TASK_ALWAYS_EAGER,"
        " 'options': settings.CELERY_BROKER_TRANSPORT_OPTIONS}))"
    )
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY"}}
    env.update({"DJANGO_SETTINGS_MODULE": "csp_portal.settings", "CSP_VAR_DIR": str(tmp_path),
                "DEBUG": "1", "CELERY_BROKER_URL": "filesystem://"})
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["eager"] is False
    queue = tmp_path / "broker" / "queue"
    assert found["options"]["data_folder_in"] == found["options"]["data_folder_out"] == str(queue)
    assert queue.is_dir() and (tmp_path / "broker" / "control").is_dir()
    assert found["options"]["visibility_timeout"] > 0
