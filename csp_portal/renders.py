"""Bookkeeping shared by every PDF the worker renders (agenda packs, performance reports).

A render model (boards.PackRender, indicators.PerformanceReportRender) has
``status`` (queued -> rendering -> ready | failed), ``started_at``,
``finished_at``, ``file``, ``page_count``, ``size_bytes``, ``checksum`` (SHA-256
hex) and ``error``. These functions move such a row through its statuses,
store the built PDF and audit every change (see DOMAIN.md: Agenda pack; the
performance report), so both renders keep the same record.
"""
from __future__ import annotations

import hashlib
import logging
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from csp_portal.audit import audit_entry_create

POLL_SECONDS = 0.5


class RenderTimeout(Exception):
    """The render was still queued or rendering when the caller stopped waiting."""


class RenderFailed(Exception):
    """The render ended failed; ``render.error`` says why."""


def render_status_set(
    *, render: models.Model, status: str, fields: list[str], action_prefix: str,
    subject: str, **detail: Any,
) -> None:
    """Save ``render`` with ``status`` (and ``fields``) and audit the change, atomically.

    The audit action is "<action_prefix>.<status>", its summary "<subject>: <status>",
    and its detail ``{"status": [before, after], **detail}``.
    """
    before = render.status
    render.status = status
    with transaction.atomic():
        render.save(update_fields=["status", *fields])
        audit_entry_create(
            obj=render,
            action=f"{action_prefix}.{status}",
            summary=f"{subject}: {status}",
            detail={"status": [before, status], **detail},
        )


def render_error_text(exc: BaseException) -> str:
    """The error message and where it was raised (the traceback's last frame)."""
    message = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        last = frames[-1]
        message += f"\n(at {last.filename}:{last.lineno} in {last.name})"
    return message


def render_perform(
    *, render: models.Model, build: Callable[[], Any], file_name: Callable[[], str],
    action_prefix: str, subject: str, logger: logging.Logger, label: str,
    extra: Callable[[Any], list[str]] | None = None,
) -> models.Model:
    """Build a requested render's PDF, store it and record what it is.

    ``build()`` returns an object with ``pdf`` (bytes) and ``page_count``;
    ``file_name()`` names the stored file; ``extra(build)``, if given, copies
    any further results onto ``render`` and returns the field names it set.
    Status goes rendering (``started_at``) -> ready, with the file,
    ``page_count``, ``size_bytes`` and ``checksum`` (SHA-256 hex); or failed,
    with ``error``. Always sets ``finished_at``. Never raises for a failed
    build (logged as "<label> <pk> failed" and recorded). A render already
    ready is returned unchanged (a task delivered twice does no work twice).
    """
    Status = type(render).Status
    if render.status == Status.READY:
        return render

    def set_status(status: str, fields: list[str], **detail: Any) -> None:
        render_status_set(
            render=render, status=status, fields=fields, action_prefix=action_prefix,
            subject=subject, **detail,
        )

    render.started_at = timezone.now()
    render.error = ""
    set_status(Status.RENDERING, ["started_at", "error"])
    try:
        built = build()
        if render.file:
            render.file.delete(save=False)
        render.file.save(file_name(), ContentFile(built.pdf), save=False)
        render.page_count = built.page_count
        render.size_bytes = len(built.pdf)
        render.checksum = hashlib.sha256(built.pdf).hexdigest()
        extra_fields = extra(built) if extra else []
        render.finished_at = timezone.now()
        set_status(
            Status.READY,
            ["file", "page_count", "size_bytes", "checksum", *extra_fields, "finished_at"],
            page_count=built.page_count,
            checksum=render.checksum,
        )
    except Exception as exc:
        logger.exception("%s %s failed", label, render.pk)
        render.error = render_error_text(exc)
        render.finished_at = timezone.now()
        set_status(
            Status.FAILED,
            ["error", "finished_at"],
            error=render.error.splitlines()[0][:500],
        )
    return render


def render_wait(*, render: models.Model, timeout: float) -> models.Model:
    """Poll the database until ``render`` is ready; return it (refreshed).

    ``timeout`` is in seconds. Raises RenderTimeout when it is still queued or
    rendering after that long, RenderFailed when it ended failed.
    """
    Status = type(render).Status
    deadline = time.monotonic() + timeout
    pending = (Status.QUEUED, Status.RENDERING)
    render.refresh_from_db()
    while render.status in pending:
        if time.monotonic() > deadline:
            raise RenderTimeout(
                f"still {render.status} after {timeout:g} s (is a worker running?)"
            )
        time.sleep(POLL_SECONDS)
        render.refresh_from_db()
    if render.status == Status.FAILED:
        raise RenderFailed(f"failed: {render.error}")
    return render
