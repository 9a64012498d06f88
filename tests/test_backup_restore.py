"""Backup and restore (README: Backup and restore): scripts/backup_restore_check.sh dumps the
PostgreSQL database and the media folder, restores both into a fresh database and folder, and
renders the same agenda pack with the same SHA-256. Needs PostgreSQL and its client tools."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from boards.models import PackRender
from tests.factories import MeetingFactory
from tests.services import _missing, require_postgresql
from tests.test_worker_integration import _database_url

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "backup_restore_check.sh"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_and_renders_the_same_pack(settings, tmp_path):
    require_postgresql()
    for tool in ("pg_dump", "pg_restore", "createdb", "dropdb"):
        if shutil.which(tool) is None:
            _missing(f"{tool} is not installed (postgresql-client)")
    from boards.demo.loader import load_demo

    load_demo()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": _database_url(), "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SECRET_KEY": "backup-test-key", "ALLOWED_HOSTS": "localhost", "DEBUG": "0",
        "PYTHON": sys.executable,
    }
    backup = tmp_path / "backup"
    result = subprocess.run(
        ["bash", str(SCRIPT), "bd-csp/2018-03-28", "public", str(backup)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    lines = {line.split(":")[0].strip(): line.split(":")[-1].strip()
             for line in result.stdout.splitlines() if "backup:" in line or "restore:" in line}
    assert lines["before backup"] == lines["after restore"]
    assert len(lines["after restore"]) == 64
    # The pack rendered before the backup came back with the media, unchanged.
    assert "1 pack file(s) and" in result.stdout and "are stored as recorded" in result.stdout
    assert f"OK: the backup in {backup} restores" in result.stdout
    assert (backup / "database.dump").stat().st_size > 0
    assert (backup / "media.tar.gz").stat().st_size > 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE %s",
                       [f"{connection.settings_dict['NAME']}_restore_check_%"])
        assert cursor.fetchone()[0] == 0, "the fresh database is dropped afterwards"


@pytest.mark.django_db
def test_check_stored_files_fails_for_a_missing_or_changed_file(settings):
    render = PackRender(meeting=MeetingFactory(), edition="public", status="ready",
                        checksum="0" * 64)
    render.file.save("pack.pdf", ContentFile(b"%PDF pack"), save=False)
    render.save()
    with pytest.raises(CommandError, match="has changed"):
        call_command("check_stored_files")
    render.file.storage.delete(render.file.name)
    with pytest.raises(CommandError, match="is missing"):
        call_command("check_stored_files")
