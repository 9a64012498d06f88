"""docker-compose.yml describes production; Docker can't run here, so check what it names exists."""
import importlib
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.urls import resolve

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _command(service: str) -> str:
    cmd = SERVICES[service]["command"]
    return cmd if isinstance(cmd, str) else " ".join(cmd)


def test_every_production_service_is_described():
    assert set(SERVICES) == {"postgres", "redis", "web", "worker", "beat"}


@pytest.mark.parametrize("service", ["postgres", "redis", "web", "worker", "beat"])
def test_every_service_has_a_health_check(service):
    assert SERVICES[service]["healthcheck"]["test"]


def test_database_and_rendered_files_live_on_named_volumes():
    assert {"pgdata", "media"} <= set(COMPOSE["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["postgres"]["volumes"]
    for service in ("web", "worker", "beat"):
        assert any(v.startswith("media:") for v in SERVICES[service]["volumes"])


def test_web_serves_the_wsgi_module_that_exists():
    match = re.search(r"gunicorn\s+([\w.]+):(\w+)", _command("web"))
    assert match, "web must run gunicorn"
    module = importlib.import_module(match.group(1))
    assert callable(getattr(module, match.group(2)))


@pytest.mark.parametrize("service", ["worker", "beat"])
def test_celery_services_name_the_project_celery_app(service):
    args = shlex.split(_command(service))
    assert args[0] == "celery"
    app_module = args[args.index("-A") + 1]
    module = importlib.import_module(app_module)
    assert module.celery_app.main == "csp_portal"
    assert args[args.index("-A") + 2] == {"worker": "worker", "beat": "beat"}[service]


def test_web_migrates_with_a_management_command_that_exists():
    from django.core.management import get_commands

    for name in re.findall(r"manage\.py\s+(\w+)", _command("web")):
        assert name in get_commands()


def test_web_health_check_url_exists_and_its_host_is_allowed():
    test = " ".join(SERVICES["web"]["healthcheck"]["test"])
    host, path = re.search(r"http://([\w.]+):8000(/[\w/]*)", test).groups()
    assert resolve(path)
    assert host in SERVICES["web"]["environment"]["ALLOWED_HOSTS"].split(",")


def test_app_services_need_the_production_settings():
    env = SERVICES["web"]["environment"]
    assert "SECRET_KEY" in env and ":?" in env["SECRET_KEY"], "SECRET_KEY has no default"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["CELERY_BROKER_URL"].startswith("redis://")
    assert env["CACHE_URL"].startswith("rediscache://"), "reset throttling shared by processes"


REQUIRED = re.compile(r"\$\{(\w+):\?[^}]*\}")
DEFAULTED = re.compile(r"\$\{(\w+):?-[^}]*\}")


def test_no_secret_or_host_has_a_default():
    """The database password, like SECRET_KEY, must be given: `${VAR:?message}`, never `:-`."""
    text = (ROOT / "docker-compose.yml").read_text()
    required = set(REQUIRED.findall(text))
    assert {"SECRET_KEY", "POSTGRES_PASSWORD", "ALLOWED_HOSTS", "EMAIL_URL"} <= required
    assert not {"SECRET_KEY", "POSTGRES_PASSWORD", "ALLOWED_HOSTS"} & set(DEFAULTED.findall(text))
    assert SERVICES["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD:?"
    )
    assert "${POSTGRES_PASSWORD:?" in SERVICES["web"]["environment"]["DATABASE_URL"]


def test_dockerfile_installs_the_project_and_its_pdf_libraries():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert "libpango" in dockerfile
    assert "pip install ." in dockerfile
    assert "postgresql-client" in dockerfile, "pg_dump for scripts/backup_restore_check.sh"
