"""The Celery application.

With no CELERY_BROKER_URL in the environment, settings make every task run
eagerly in-process (see csp_portal.settings); with one, a worker started as
``celery -A csp_portal worker`` consumes the queue.

A worker reports ready (logs "ready.", answers ``inspect ping``, takes tasks)
only once the database answers: ``DatabaseReady`` waits for it at start-up for
WORKER_DATABASE_WAIT_SECONDS and otherwise stops the worker with exit status 1
and the reason, so that a container restarts it instead of it taking renders it
cannot record.

Once ready, a worker sends the renders that were requested while the broker was
down (the outbox, csp_portal.renders); celery beat does the same every minute.
"""
import logging
import os
import time

from celery import Celery, bootsteps
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_portal.settings")

logger = logging.getLogger(__name__)

app = Celery("csp_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class DatabaseUnavailable(RuntimeError):
    """The worker gave up waiting for the database at start-up."""


def database_answers() -> str:
    """"" when the default database answers ``SELECT 1``, else why not (the error's first line).

    Closes the connection afterwards, so that no pool child inherits it.
    """
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        text = str(exc).strip()
        return text.splitlines()[0] if text else type(exc).__name__
    finally:
        connection.close()
    return ""


class DatabaseReady(bootsteps.StartStopStep):
    """Worker bootstep, started before the consumer (which is last): wait for the database.

    Retries every 2 seconds for WORKER_DATABASE_WAIT_SECONDS; then raises
    DatabaseUnavailable, which Celery logs as an unrecoverable error before
    stopping the worker with exit status 1.
    """

    def start(self, parent) -> None:
        from django.conf import settings

        deadline = time.monotonic() + settings.WORKER_DATABASE_WAIT_SECONDS
        while reason := database_answers():
            if time.monotonic() >= deadline:
                raise DatabaseUnavailable(
                    f"The database did not answer within "
                    f"{settings.WORKER_DATABASE_WAIT_SECONDS} s: {reason}"
                )
            logger.warning("Waiting for the database before taking tasks: %s", reason)
            time.sleep(2)
        logger.info("The database answers; starting to take tasks.")


app.steps["worker"].add(DatabaseReady)


OUTBOX_TASKS = ("boards.dispatch_queued_pack_renders", "indicators.dispatch_queued_report_renders")
"""Tasks that send renders the broker could not take (run by beat, and here at start-up)."""


@worker_ready.connect
def send_waiting_renders(sender=None, **kwargs) -> None:
    """At worker start: run the outbox tasks in this process (by name: no upward import)."""
    from django.db import connection

    try:
        for name in OUTBOX_TASKS:
            sent = app.tasks[name]()
            if sent:
                logger.info("%s sent %s waiting render(s)", name, sent)
    except Exception:  # the worker runs on; beat tries again within a minute
        logger.exception("Sending the waiting renders failed")
    finally:
        connection.close()
