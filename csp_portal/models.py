"""Shared models: the audit trail every state change writes to."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models

AUDIT_IS_FIXED = "Audit entries are never changed or deleted."


class AuditEntryQuerySet(models.QuerySet):
    """Bulk changes refused: the trail is written once (audit_entry_create) and kept."""

    def update(self, **kwargs):
        raise PermissionDenied(AUDIT_IS_FIXED)

    def delete(self):
        raise PermissionDenied(AUDIT_IS_FIXED)



class AuditEntry(models.Model):
    """One state change: who did what to which object, and when.

    ``object_type`` is ``"app_label.modelname"`` and ``object_id`` the primary key
    as text, so an entry outlives the object it describes. ``detail`` holds a
    JSON object of what changed (e.g. ``{"rag_status": ["R", "A"]}``).
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    summary = models.CharField(max_length=255, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        # A guard, not a rule: the one thing a stored entry may never do is change.
        if not self._state.adding:
            raise PermissionDenied(AUDIT_IS_FIXED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(AUDIT_IS_FIXED)

class Draft(models.Model):
    """What a signed-in user has typed into an edit form and not yet saved.

    Kept as it is typed (static/csp/drafts.js sends it) so that a session that
    ends, or a save refused as a conflict, loses nothing: the form restores it
    when opened again, and a successful save of the form clears it
    (csp_portal.drafts.DraftClearMiddleware). ``url`` is the path (with query)
    the form posts to; ``data`` maps each field name to its list of values.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="drafts")
    url = models.CharField(max_length=500)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "url"], name="draft_user_url_unique"),
        ]

    def __str__(self) -> str:
        return f"Draft of {self.url} by user #{self.user_id}"
