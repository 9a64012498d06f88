"""Shared views."""
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

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


def _too_large_page(request: HttpRequest, status: int) -> HttpResponse:
    context = {
        "heading": "The file is too large", "too_large": True,
        "limit": settings.MAX_REQUEST_BYTES, "upload_limit": settings.PAPER_UPLOAD_MAX_BYTES,
    }
    return HttpResponse(render_to_string("400.html", context, request=request), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: the GOV.UK page, saying so when the request was too large (RequestDataTooBig:
    a form over DATA_UPLOAD_MAX_MEMORY_SIZE); else that the form could not be read."""
    if isinstance(exception, RequestDataTooBig):
        return _too_large_page(request, status=400)
    return HttpResponse(render_to_string("400.html", {}, request=request), status=400)


class RequestSizeLimitMiddleware:
    """Answer 413 with the GOV.UK "file is too large" page for a request whose declared
    Content-Length is over MAX_REQUEST_BYTES, before anything reads its body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            logger.warning("Refused a request of %s bytes to %s", length, request.path)
            return _too_large_page(request, status=413)
        return self.get_response(request)
