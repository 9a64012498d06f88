#!/usr/bin/env bash
# Back up the portal and prove the backup restores.
#
#   scripts/backup_restore_check.sh MEETING [EDITION] [BACKUP_DIR]
#
# MEETING is a meeting id or <board-slug>/<YYYY-MM-DD> (as for `manage.py render_pack`),
# EDITION public (default) or members, BACKUP_DIR where the backup is kept (default
# ./backups/<timestamp>). Uses DATABASE_URL (PostgreSQL), MEDIA_ROOT and the portal's other
# settings from the environment, as the app does; needs pg_dump, pg_restore, createdb and
# dropdb (Debian: postgresql-client) of the server's major version.
#
# 1. renders MEETING's pack from the live database, in this process (no worker needed);
# 2. backs up: pg_dump of the database (custom format) and a tar of the media folder;
# 3. restores both into a fresh database and a fresh folder;
# 4. checks every stored file against the restored database (manage.py check_stored_files)
#    and renders the same pack from the restored copy: its SHA-256 must be the same;
# 5. drops the fresh database. The backup stays in BACKUP_DIR.
# Exit status 0 and "OK" when the backup restores to the same pack; non-zero otherwise.
set -euo pipefail

meeting="${1:?usage: $0 MEETING [EDITION] [BACKUP_DIR]}"
edition="${2:-public}"
backup_dir="${3:-backups/$(date +%Y%m%d-%H%M%S)}"
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-}"
if [ -z "$python" ]; then
  if [ -x "$root/.venv/bin/python" ]; then python="$root/.venv/bin/python"; else python=python; fi
fi
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database of the portal}"
: "${MEDIA_ROOT:=$root/var/media}"

# libpq's own variables from DATABASE_URL (postgres://user:password@host:port/name), and the
# URL of the fresh database the backup is restored into.
url_parts='
import shlex, sys
from urllib.parse import unquote, urlparse
url = urlparse(sys.argv[1])
if url.scheme not in ("postgres", "postgresql", "pgsql"):
    sys.exit("DATABASE_URL is not a PostgreSQL URL")
values = {"PGHOST": url.hostname or "127.0.0.1", "PGPORT": str(url.port or 5432),
          "PGUSER": unquote(url.username or "postgres"),
          "PGPASSWORD": unquote(url.password or ""), "SOURCE_DB": url.path.lstrip("/")}
for key, value in values.items():
    print("export " + key + "=" + shlex.quote(value))
'
url_with_db='
import sys
from urllib.parse import urlparse
print(urlparse(sys.argv[1])._replace(path="/" + sys.argv[2]).geturl())
'
exports="$("$python" -c "$url_parts" "$DATABASE_URL")"
eval "$exports"
restore_db="${SOURCE_DB}_restore_check_$$"
restore_url="$("$python" -c "$url_with_db" "$DATABASE_URL" "$restore_db")"
work="$(mktemp -d)"
cleanup() {
  dropdb --if-exists "$restore_db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

manage() {
  # Renders run here, in-process, whatever broker the portal normally uses.
  (cd "$root" && CELERY_BROKER_URL= "$python" manage.py "$@")
}
sha256() {
  "$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
}

echo "1. Rendering $meeting ($edition) from $SOURCE_DB"
manage render_pack "$meeting" --edition "$edition" --out "$work/before.pdf"
before="$(sha256 "$work/before.pdf")"

echo "2. Backing up to $backup_dir"
mkdir -p "$backup_dir"
pg_dump --format=custom --no-owner --file "$backup_dir/database.dump" "$SOURCE_DB"
tar -C "$MEDIA_ROOT" -czf "$backup_dir/media.tar.gz" .

echo "3. Restoring into a fresh database $restore_db and a fresh media folder"
createdb "$restore_db"
pg_restore --no-owner --exit-on-error --dbname "$restore_db" "$backup_dir/database.dump"
mkdir -p "$work/media"
tar -C "$work/media" -xzf "$backup_dir/media.tar.gz"

echo "4. Checking the restored copy"
DATABASE_URL="$restore_url" MEDIA_ROOT="$work/media" manage check_stored_files
DATABASE_URL="$restore_url" MEDIA_ROOT="$work/media" \
  manage render_pack "$meeting" --edition "$edition" --out "$work/after.pdf"
after="$(sha256 "$work/after.pdf")"

echo "   before backup: $before"
echo "   after restore: $after"
if [ "$before" != "$after" ]; then
  echo "FAILED: the restored portal renders a different pack" >&2
  exit 1
fi
echo "OK: the backup in $backup_dir restores and renders the same pack (SHA-256 $after)"
