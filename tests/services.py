"""Helpers for tests that need the real PostgreSQL or Redis.

Off CI such a test skips when the service is absent; with CI set it fails, so
a CI run can never pass by skipping them (see README: CI).
"""
import os
import socket
from urllib.parse import urlparse

import pytest
from django.db import connection


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}", pytrace=False)
    pytest.skip(reason)


def require_postgresql() -> None:
    """Skip (or fail on CI) unless the test database is PostgreSQL."""
    if connection.vendor != "postgresql":
        _missing("DATABASE_URL does not point at PostgreSQL")


def require_redis() -> str:
    """Return CELERY_BROKER_URL when it is a reachable Redis; skip (or fail on CI) otherwise."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        _missing("CELERY_BROKER_URL does not point at Redis")
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                _missing(f"Redis at {parsed.hostname} did not answer PING")
    except OSError as exc:
        _missing(f"Redis is not reachable: {exc}")
    return url
