"""Shared views."""
import logging

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, JsonResponse

logger = logging.getLogger(__name__)


@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for the container health check.

    200 ``{"status": "ok"}`` when the database answers ``SELECT 1``; 503
    ``{"status": "unavailable", "reason": "database unavailable (OperationalError)"}``
    when it does not. The page is public, so the error's text (host names,
    ports) goes to the log only. Outside ATOMIC_REQUESTS, so that a refused
    connection reaches this view instead of failing in the request's transaction.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.error("Health check: the database is unavailable: %s", exc)
        return JsonResponse(
            {"status": "unavailable",
             "reason": f"database unavailable ({type(exc).__name__})"},
            status=503,
        )
    return JsonResponse({"status": "ok"})
