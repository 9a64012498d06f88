"""The Celery application.

With no CELERY_BROKER_URL in the environment, settings make every task run
eagerly in-process (see csp_portal.settings); with one, a worker started as
``celery -A csp_portal worker`` consumes the queue.

A worker reports ready (logs "ready.", answers ``inspect ping``, takes tasks)
only once the database answers: ``DatabaseReady`` waits for it at start-up for
WORKER_DATABASE_WAIT_SECONDS and otherwise stops the worker with exit status 1
and the reason, so that a container restarts it instead of it taking renders it
cannot record.
"""
import logging
import os
import time

from celery import Celery, bootsteps

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
