"""Sending one email per event and person, recorded, never twice (Notification.event_key).

Messages go through Django's email (EMAIL_URL in settings): plain text, links to the
portal (PORTAL_URL) and never attachments, with a signed unsubscribe link.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from boards.models import Person

from .models import Frequency, Notification, Preference

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


@dataclass(frozen=True)
class Email:
    """One message to be sent: ``event_key`` (unique per event and person), the Notification
    ``kind``, the ``person`` it is for, the ``subject`` and the plain-text ``body``."""

    event_key: str
    kind: str
    person: Person
    subject: str
    body: str

    @property
    def to(self) -> str:
        return self.person.email


def portal_url(path: str) -> str:
    """The absolute address of ``path`` (a URL path) at settings.PORTAL_URL."""
    return f"{settings.PORTAL_URL}{path}"


def unsubscribe_token(person: Person) -> str:
    """A signed, tamper-proof token naming ``person`` (django.core.signing; it does not expire,
    as an unsubscribe link in an old email must still work)."""
    return signing.dumps({"person": person.pk}, salt=UNSUBSCRIBE_SALT)


def person_from_token(token: str) -> Person | None:
    """The Person an unsubscribe token names, or None when it is forged or the person is gone."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Person.objects.filter(pk=data.get("person")).first()


def render_body(template: str, context: dict, *, person: Person) -> str:
    """The text of ``template`` with ``context`` and the footer's links for ``person``."""
    return render_to_string(template, {
        **context,
        "person": person,
        "preferences_url": portal_url(reverse("notifications:preferences")),
        "unsubscribe_url": portal_url(
            reverse("notifications:unsubscribe", args=[unsubscribe_token(person)])
        ),
    })


def frequencies(person_ids: set[int]) -> dict[int, str]:
    """Person pk → their Frequency value for each of ``person_ids`` (IMMEDIATE when unset).
    One query."""
    chosen = dict(
        Preference.objects.filter(person_id__in=person_ids).values_list("person_id", "frequency")
    )
    return {pk: chosen.get(pk, Frequency.IMMEDIATE) for pk in person_ids}


def already_sent(event_keys: list[str]) -> set[str]:
    """Those of ``event_keys`` already sent, or being sent now. One query."""
    return set(
        Notification.objects.filter(event_key__in=event_keys)
        .exclude(status=Notification.Status.FAILED)
        .values_list("event_key", flat=True)
    )


def _claim(email: Email) -> Notification | None:
    """Record ``email`` as being sent; None when another run has it or sent it already."""
    existing = Notification.objects.filter(event_key=email.event_key).first()
    if existing is not None:
        if existing.status != Notification.Status.FAILED:
            return None
        updated = Notification.objects.filter(
            pk=existing.pk, status=Notification.Status.FAILED
        ).update(status=Notification.Status.SENDING, to=email.to, subject=email.subject[:300],
                 error="")
        return Notification.objects.get(pk=existing.pk) if updated else None
    try:
        with transaction.atomic():
            return Notification.objects.create(
                event_key=email.event_key, kind=email.kind, person=email.person,
                to=email.to, subject=email.subject[:300],
            )
    except IntegrityError:  # another run claimed it between the read and the insert
        return None


def emails_send(emails: list[Email], *, dry_run: bool = False) -> list[Email]:
    """Send each of ``emails`` not sent before (by event key) over one SMTP connection.

    Each message is recorded (Notification: to, subject, when, status) before it goes, then
    marked SENT, or FAILED with the error (a failed one is tried again by the next run).
    With ``dry_run`` nothing is sent or recorded. Returns the emails that were sent (or,
    with ``dry_run``, would be). An email with no address is left out.
    """
    emails = [e for e in emails if e.to]
    done = already_sent([e.event_key for e in emails])
    pending = [e for e in emails if e.event_key not in done]
    if dry_run or not pending:
        return pending
    sent: list[Email] = []
    with get_connection() as connection:
        for email in pending:
            record = _claim(email)
            if record is None:
                continue
            unsubscribe = portal_url(
                reverse("notifications:unsubscribe", args=[unsubscribe_token(email.person)])
            )
            message = EmailMessage(
                subject=email.subject, body=email.body, to=[email.to], connection=connection,
                headers={"List-Unsubscribe": f"<{unsubscribe}>"},
            )
            try:
                message.send()
            except Exception as exc:  # noqa: BLE001 - any transport error is recorded
                logger.warning("Email %s to %s failed: %s", email.event_key, email.to, exc)
                record.status, record.error = Notification.Status.FAILED, str(exc)[:2000]
                record.save(update_fields=["status", "error"])
                continue
            record.status, record.sent_at = Notification.Status.SENT, timezone.now()
            record.save(update_fields=["status", "sent_at"])
            sent.append(email)
    return sent
