"""Rendered agenda packs (DOMAIN.md: Agenda pack)."""

from django.conf import settings
from django.db import models

from .meetings import Meeting


class SupplementaryAgenda(models.Model):
    """A numbered supplement to a published agenda: papers added after publication.

    ``number`` counts from 1 per meeting; ``reason`` is the recorded reason for
    urgency (DOMAIN.md: A meeting's life, publication).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="supplements")
    number = models.PositiveSmallIntegerField()
    reason = models.TextField(help_text="Why these papers could not wait for the next meeting.")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="supplement_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Supplementary agenda {self.number} – {self.meeting}"


class PackRender(models.Model):
    """One render of a meeting's agenda pack to PDF, in one edition.

    ``page_count`` counts every page of the file; ``size_bytes`` is the file's
    size; ``checksum`` is its SHA-256 in hex. ``page_references`` maps an agenda
    item's primary key (as text) to ``[first_page, last_page]`` as printed in the
    pack's footers. ``first_page`` and ``last_page`` are the numbers its footers
    start and end with: a supplementary pack continues the pack before it.
    """

    class Edition(models.TextChoices):
        PUBLIC = "public", "Public pack"
        MEMBERS = "members", "Members' pack"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pack_renders")
    edition = models.CharField(max_length=10, choices=Edition.choices)
    supplement = models.ForeignKey(
        SupplementaryAgenda, null=True, blank=True, on_delete=models.CASCADE,
        related_name="pack_renders",
        help_text="Set for a supplementary agenda pack; empty for the main pack.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    queued_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When the broker took the render task; empty while it could not be reached.",
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times a worker started this render."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    page_references = models.JSONField(default=dict, blank=True)
    parts_total = models.PositiveIntegerField(
        default=0, help_text="Parts of the pack to lay out (0 until the worker knows)."
    )
    parts_done = models.PositiveIntegerField(
        default=0, help_text="Parts laid out or taken from the cache so far."
    )
    first_page = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="The number printed on the pack's first numbered page: 1 for a main pack; "
        "for a supplementary pack, the page after the pack before it.",
    )
    last_page = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="The number printed on its last numbered page (first_page - 1 when it has "
        "none), from which the next supplementary pack continues.",
    )
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="packs/", blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["meeting", "edition", "status"])]

    def __str__(self) -> str:
        return f"{self.get_edition_display()} for {self.meeting} ({self.status})"
