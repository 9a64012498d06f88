"""Bookkeeping shared by every PDF the worker renders (agenda packs, performance reports).

A render model (boards.PackRender, indicators.PerformanceReportRender) has
``status`` (queued -> rendering -> ready | failed), ``queued_at``,
``dispatched_at``, ``started_at``, ``finished_at``, ``attempts``, ``file``,
``page_count``, ``size_bytes``, ``checksum`` (SHA-256 hex) and ``error``. These
functions move such a row through its statuses, store the built PDF and audit
every change (see DOMAIN.md: Agenda pack; the performance report), so both
renders keep the same record and survive the same faults:

- **The broker is down when a render is requested.** The row itself is the
  outbox: it is committed with the request, and handed to the broker after the
  commit (``render_enqueue``). If the broker cannot take it, ``dispatched_at``
  stays empty and the beat task sends it later (``renders_dispatch_queued``).
- **The worker dies mid-render** (its child or the whole worker killed). The
  tasks are acknowledged late and rejected back onto the queue when their
  worker is lost (settings: CELERY_TASK_ACKS_LATE, REJECT_ON_WORKER_LOST, a
  visibility timeout longer than the hard time limit), so the render is
  delivered again. ``render_perform`` is idempotent: a ready or failed render
  is left alone, and only one delivery can mark a render ready. After
  RENDER_MAX_ATTEMPTS deliveries it is failed rather than tried again.
- **Nothing finishes it.** ``renders_expire`` (beat) fails renders that were
  handed over long enough ago that no retry can still come; ``render_is_stuck``
  tells the pages when to offer "Render again" (``render_replace``).
"""
from __future__ import annotations

import hashlib
import logging
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
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


def _pending(Status) -> tuple[str, str]:
    return (Status.QUEUED, Status.RENDERING)


def _render_claim(*, render: models.Model, set_status: Callable[..., None]) -> bool:
    """Lock the row and start a delivery: True to render, False when there is nothing to do.

    Copies the row's current state onto ``render``. A ready or failed render is
    left alone; one already tried RENDER_MAX_ATTEMPTS times is failed instead.
    """
    Model = type(render)
    Status = Model.Status
    with transaction.atomic():
        current = Model.objects.select_for_update().get(pk=render.pk)
        for name in ("status", "attempts", "started_at", "error", "finished_at"):
            setattr(render, name, getattr(current, name))
        if current.status not in _pending(Status):
            return False
        if current.attempts >= settings.RENDER_MAX_ATTEMPTS:
            render.error = (
                f"The worker stopped {current.attempts} times while producing this, so it was "
                "not tried again. Render it again once the cause is found."
            )
            render.finished_at = timezone.now()
            set_status(Status.FAILED, ["error", "finished_at"], attempts=current.attempts)
            return False
        render.attempts = current.attempts + 1
        render.started_at = timezone.now()
        render.error = ""
        set_status(Status.RENDERING, ["attempts", "started_at", "error"],
                   attempt=render.attempts)
    return True


def render_perform(
    *, render: models.Model, build: Callable[[], Any], file_name: Callable[[], str],
    action_prefix: str, subject: str, logger: logging.Logger, label: str,
    extra: Callable[[Any], list[str]] | None = None,
) -> models.Model:
    """Build a requested render's PDF, store it and record what it is. Idempotent.

    ``build()`` returns an object with ``pdf`` (bytes) and ``page_count``;
    ``file_name()`` names the stored file; ``extra(build)``, if given, copies
    any further results onto ``render`` and returns the field names it set.
    Status goes rendering (``started_at``, ``attempts`` + 1) -> ready, with the
    file, ``page_count``, ``size_bytes`` and ``checksum`` (SHA-256 hex); or
    failed, with ``error``; ``finished_at`` is set either way. Never raises for
    a failed build (logged as "<label> <pk> failed" and recorded).

    Safe to deliver twice, or again after a worker died mid-render: a render
    that is ready or failed is returned unchanged; only the first delivery to
    finish marks it ready (the row is locked to check), a later one throws its
    file away; a render started RENDER_MAX_ATTEMPTS times is failed unbuilt.
    """
    Model = type(render)
    Status = Model.Status

    def set_status(status: str, fields: list[str], **detail: Any) -> None:
        render_status_set(
            render=render, status=status, fields=fields, action_prefix=action_prefix,
            subject=subject, **detail,
        )

    if not _render_claim(render=render, set_status=set_status):
        return render
    attempt = render.attempts
    try:
        built = build()
    except Exception as exc:
        logger.exception("%s %s failed", label, render.pk)
        with transaction.atomic():
            current = Model.objects.select_for_update().get(pk=render.pk)
            if current.status != Status.RENDERING or current.attempts != attempt:
                return current  # a later delivery took over; its outcome stands
            render.error = render_error_text(exc)
            render.finished_at = timezone.now()
            set_status(Status.FAILED, ["error", "finished_at"],
                       error=render.error.splitlines()[0][:500], attempt=attempt)
        return render
    with transaction.atomic():
        current = Model.objects.select_for_update().get(pk=render.pk)
        if current.status != Status.RENDERING:
            logger.info("%s %s was finished by another delivery; this result is dropped",
                        label, render.pk)
            return current
        render.file.save(file_name(), ContentFile(built.pdf), save=False)
        stored = render.file.name
        try:
            render.page_count = built.page_count
            render.size_bytes = len(built.pdf)
            render.checksum = hashlib.sha256(built.pdf).hexdigest()
            extra_fields = extra(built) if extra else []
            render.finished_at = timezone.now()
            set_status(
                Status.READY,
                ["file", "page_count", "size_bytes", "checksum", *extra_fields, "finished_at"],
                page_count=built.page_count, checksum=render.checksum, attempt=attempt,
            )
        except Exception:
            render.file.storage.delete(stored)
            raise
    return render


def render_enqueue(*, render: models.Model, task: Any, action_prefix: str) -> None:
    """Hand ``render`` to the broker once the current transaction commits (render_dispatch).

    ``task`` is the Celery task that renders it, called with the render's pk.
    """
    Model, pk = type(render), render.pk
    transaction.on_commit(
        lambda: render_dispatch(render_model=Model, pk=pk, task=task, action_prefix=action_prefix)
    )


def render_dispatch(*, render_model: type[models.Model], pk: int, task: Any,
                    action_prefix: str, late: bool = False) -> bool:
    """Send the render task for ``pk`` to the broker; record it as dispatched. Never raises.

    Returns False, with a warning logged and an audit entry
    ("<action_prefix>.dispatch_failed"), when the broker cannot be reached:
    the render stays queued with no ``dispatched_at`` and ``error`` saying so
    (render_waiting_for_broker), and the beat task (renders_dispatch_queued)
    sends it once the broker is back, clearing the error. ``late`` marks
    such a second try in the audit trail ("<action_prefix>.dispatched").
    With no broker configured the task runs here, in-process.
    """
    try:
        task.delay(pk)
    except Exception as exc:  # kombu's OperationalError, a refused socket, a DNS failure...
        logger = logging.getLogger(__name__)
        logger.warning("Render %s %s could not be handed to the broker: %s",
                       render_model._meta.label, pk, exc)
        when = timezone.localtime().strftime("%H:%M")
        render_model.objects.filter(pk=pk, status=render_model.Status.QUEUED).update(
            error=f"The task queue could not be reached at {when}; the render is kept and is "
            "sent once it is back."
        )
        render = render_model.objects.filter(pk=pk).first()
        if render is not None and not late:
            audit_entry_create(
                obj=render, action=f"{action_prefix}.dispatch_failed",
                summary="The task queue could not be reached; the render waits for it",
                detail={"error": str(exc)[:300]},
            )
        return False
    updated = render_model.objects.filter(pk=pk, dispatched_at__isnull=True).update(
        dispatched_at=timezone.now()
    )
    render_model.objects.filter(pk=pk, status=render_model.Status.QUEUED).exclude(
        error=""
    ).update(error="")
    if late and updated:
        audit_entry_create(
            obj=render_model.objects.get(pk=pk), action=f"{action_prefix}.dispatched",
            summary="Handed to the task queue once it could be reached",
        )
    return True


def renders_dispatch_queued(*, render_model: type[models.Model], task: Any,
                            action_prefix: str) -> int:
    """The outbox: send every queued render the broker never took. Returns how many were sent.

    Run by celery beat (every minute) and when a worker starts. Leaves alone
    renders younger than RENDER_DISPATCH_GRACE_SECONDS, whose own request may
    still be handing them over.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.RENDER_DISPATCH_GRACE_SECONDS)
    waiting = render_model.objects.filter(
        status=render_model.Status.QUEUED, dispatched_at__isnull=True, queued_at__lte=cutoff
    ).order_by("queued_at", "pk").values_list("pk", flat=True)
    sent = 0
    for pk in waiting:
        if not render_dispatch(render_model=render_model, pk=pk, task=task,
                               action_prefix=action_prefix, late=True):
            break  # still unreachable: the next run tries again
        sent += 1
    return sent


def renders_expire(*, render_model: type[models.Model], action_prefix: str,
                   subject: Callable[[models.Model], str], what: str) -> int:
    """Fail every render no retry can still finish; returns how many. Run by celery beat.

    That is a render rendering, or queued and handed to the broker, for more
    than RENDER_STALE_SECONDS (the broker's visibility timeout plus the hard
    time limit and a margin). A render the broker never took is not expired:
    it waits for the broker (renders_dispatch_queued). Each gets an error
    saying so (``what``: "the pack", "the report") and an audit entry.
    """
    Status = render_model.Status
    cutoff = timezone.now() - timedelta(seconds=settings.RENDER_STALE_SECONDS)
    stale = render_model.objects.filter(
        models.Q(status=Status.RENDERING, started_at__lt=cutoff)
        | models.Q(status=Status.QUEUED, dispatched_at__lt=cutoff)
    )
    minutes = settings.RENDER_STALE_SECONDS // 60
    count = 0
    for render in stale:
        render.error = (
            f"No worker finished this render within {minutes} minutes of handing it over; "
            f"render {what} again."
        )
        render.finished_at = timezone.now()
        render_status_set(render=render, status=Status.FAILED, fields=["error", "finished_at"],
                          action_prefix=action_prefix, subject=subject(render), expired=True)
        count += 1
    return count


def render_is_stuck(render: models.Model, now: datetime | None = None) -> bool:
    """True for a pending render the clerk should be offered to render again.

    Queued and never taken by the broker for twice RENDER_DISPATCH_GRACE_SECONDS,
    queued and taken but not started for RENDER_TIME_LIMIT, or rendering for
    longer than RENDER_TIME_LIMIT (the worker would have stopped it by then).
    """
    Status = type(render).Status
    now = now or timezone.now()
    if render.status == Status.QUEUED and render.dispatched_at is None:
        grace = timedelta(seconds=2 * settings.RENDER_DISPATCH_GRACE_SECONDS)
        return now - render.queued_at > grace
    limit = timedelta(seconds=settings.RENDER_TIME_LIMIT)
    if render.status == Status.QUEUED:
        return now - render.dispatched_at > limit
    if render.status == Status.RENDERING:
        return render.started_at is None or now - render.started_at > limit
    return False


def render_waiting_for_broker(render: models.Model) -> bool:
    """True for a queued render the broker could not take when it was sent (render_dispatch)."""
    return (render.status == type(render).Status.QUEUED and render.dispatched_at is None
            and bool(render.error))


def render_replace(*, render: models.Model, actor: Any, action_prefix: str, subject: str,
                   request_new: Callable[[], models.Model]) -> models.Model:
    """"Render again": request a new render in place of ``render``; returns the new one.

    ``render`` must be failed, or pending and stuck (render_is_stuck); a
    pending one is failed first, with an error naming its replacement, so that
    the pages show one pending render and a late delivery of the old task does
    nothing. ``request_new()`` makes and enqueues the new render. Raises
    ValueError for a ready render or a pending one that is not stuck.
    """
    Model = type(render)
    Status = Model.Status
    with transaction.atomic():
        current = Model.objects.select_for_update().get(pk=render.pk)
        if current.status == Status.READY:
            raise ValueError("This render is ready; there is nothing to render again.")
        if current.status in _pending(Status) and not render_is_stuck(current):
            raise ValueError("This render is still under way.")
        new = request_new()
        if current.status in _pending(Status):
            current.error = f"Replaced by render {new.pk}, asked for again by {actor}."
            current.finished_at = timezone.now()
            render_status_set(render=current, status=Status.FAILED,
                              fields=["error", "finished_at"], action_prefix=action_prefix,
                              subject=subject, replaced_by=new.pk)
        audit_entry_create(obj=new, action=f"{action_prefix}.rendered_again", actor=actor,
                           summary=f"{subject}: rendered again in place of render {current.pk}",
                           detail={"replaces": current.pk})
    return new


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
