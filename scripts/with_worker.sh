#!/bin/sh
# Run a command with a Celery worker beside it, then stop the worker: how `make run` renders
# the demo packs and serves the portal without a click ever waiting for a render.
#
#   scripts/with_worker.sh COMMAND [ARGS...]
#
# With no CELERY_BROKER_URL the worker and the portal share kombu's filesystem transport
# (messages as files under var/broker; csp_portal.settings), so nothing needs installing.
# WORKER_CONCURRENCY worker processes (1 by default: on a small machine the web server
# needs the other core, and one process reuses the parts it laid out for both editions).
# The worker logs to var/worker.log (CSP_VAR_DIR).
set -eu
BIN=${BIN:-.venv/bin}
VAR=${CSP_VAR_DIR:-var}
CELERY_BROKER_URL=${CELERY_BROKER_URL:-filesystem://}
export CELERY_BROKER_URL
mkdir -p "$VAR"
"$BIN/celery" -A csp_portal worker --concurrency "${WORKER_CONCURRENCY:-1}" \
    --without-mingle --without-gossip --without-heartbeat \
    --loglevel INFO >>"$VAR/worker.log" 2>&1 &
worker=$!
stop() {
    kill "$worker" 2>/dev/null || true
    wait "$worker" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM
echo "Worker $worker started (log: $VAR/worker.log, broker: $CELERY_BROKER_URL)"
"$@"
