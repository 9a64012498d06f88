"""Production settings: `check --deploy` is clean, HTTPS behind the proxy, HSTS, CSP, hosts.

The environment below is the one README's "With docker compose (production)" documents.
"""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "csp.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://csp.example.org",
    "DATABASE_URL": "postgres://csp:a-password@postgres:5432/csp_portal",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "CACHE_URL": "rediscache://redis:6379/1",
    "EMAIL_URL": "smtp+tls://portal:a-password@smtp.example.org:587",
    "DEFAULT_FROM_EMAIL": "csp-portal@example.org",
}


def _manage(*args: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    # Only what a production container has: not the test run's own variables (the browser
    # tests' DJANGO_ALLOW_ASYNC_UNSAFE, a developer's DEBUG or database).
    dropped = {"DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL", "EMAIL_URL",
               "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
        env={**clean, "CSP_VAR_DIR": str(tmp_path), "STATIC_MANIFEST": "0", "DEBUG": "0", **env},
        timeout=120,
    )


def test_check_deploy_with_the_documented_production_settings_reports_nothing(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV,
                     tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_allowed_hosts_the_checks_and_so_migrate_refuse_to_run(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    result = _manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "csp_portal.E001" in result.stderr
    assert "ALLOWED_HOSTS must be set" in result.stderr


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_and_https_gets_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # the production default (tests/conftest.py turns it off)
    url = reverse("boards:board_list")
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{url}"

    # Behind the proxy: X-Forwarded-Proto says the browser used HTTPS.
    secure = client.get(url, headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert secure["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_container_health_check_is_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_http_only_in_production(client):
    from django.conf import settings

    assert not settings.DEBUG
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    response = client.get(reverse("login"))
    assert response.cookies["csrftoken"]["secure"]


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_script(client):
    response = client.get(reverse("boards:board_list"))
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def _templates() -> list[Path]:
    found = list((ROOT / "templates").rglob("*.html"))
    for app in ("csp_portal", "boards", "actions", "indicators", "subgroups"):
        found += list((ROOT / app).rglob("templates/**/*.html"))
    return found


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = [
        str(path.relative_to(ROOT)) for path in _templates()
        if INLINE_SCRIPT.search(path.read_text()) or EVENT_HANDLER.search(path.read_text())
        or "javascript:" in path.read_text()
    ]
    assert _templates(), "no templates found"
    assert offenders == []
