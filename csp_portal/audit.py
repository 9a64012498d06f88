"""Writing the audit trail (pretix: every state change writes an audit entry)."""

from decimal import Decimal
from typing import Any

from django.db import models

from .models import AuditEntry


def audit_entry_create(
    *,
    obj: models.Model,
    action: str,
    actor: Any = None,
    summary: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    """Record that ``action`` happened to ``obj``.

    ``actor`` is a user or None (a system change, e.g. the worker or
    ``load_demo``); anonymous users are stored as None.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:255],
        detail=detail or {},
    )


def audit_value(value: Any) -> Any:
    """``value`` as an audit entry's ``detail`` keeps it: a Decimal as text ("12.00")."""
    return str(value) if isinstance(value, Decimal) else value
