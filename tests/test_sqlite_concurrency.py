"""The embedded default (a SQLite file) under 10 concurrent writers loses no write (issue 9).

Each writer runs transactions shaped like the portal's requests (ATOMIC_REQUESTS: read,
then write, in one transaction) on its own connection to one SQLite file, configured as
the settings configure the embedded default (csp_portal.database.sqlite_options). Without
those options SQLite refuses some of them with "database is locked".
"""
import threading

import pytest
from django.db import connections, transaction

from csp_portal.database import sqlite_options

WRITERS = 10
WRITES_EACH = 20


def _alias(tmp_path) -> str:
    alias = "sqlite_writers"
    connections.settings[alias] = connections.configure_settings({
        "default": connections.settings["default"],
        alias: {"ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "portal.sqlite3"), "OPTIONS": sqlite_options()},
    })[alias]
    return alias


@pytest.fixture
def alias(tmp_path, django_db_blocker):
    """A connection alias of its own to a fresh SQLite file (not the test database)."""
    name = _alias(tmp_path)
    with django_db_blocker.unblock():
        yield name
        connections[name].close()
    del connections.settings[name]


def test_the_settings_give_the_embedded_default_these_options(settings):
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.sqlite3":
        pytest.skip("the run uses another database")
    assert settings.DATABASES["default"]["OPTIONS"] == sqlite_options(
        busy_timeout=settings.DATABASES["default"]["OPTIONS"]["timeout"])


def test_ten_concurrent_writers_lose_no_write(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, writer INT, n INT)")
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    connections[alias].close()
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        try:
            start.wait()
            for n in range(WRITES_EACH):
                with transaction.atomic(using=alias):
                    with connections[alias].cursor() as cursor:
                        cursor.execute("SELECT COUNT(*) FROM entry WHERE writer = %s", [number])
                        done = cursor.fetchone()[0]
                        cursor.execute("INSERT INTO entry (writer, n) VALUES (%s, %s)",
                                       [number, done])
                assert done == n
        except BaseException as exc:  # every failure is reported, not only the first
            errors.append(exc)
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COUNT(DISTINCT writer) FROM entry")
        assert cursor.fetchone() == (WRITERS * WRITES_EACH, WRITERS)
