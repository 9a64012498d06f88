"""What a published paper said: each version as it went out (DOMAIN.md: Publication)."""

from django.conf import settings
from django.db import models

from .packs import SupplementaryAgenda
from .papers import Paper


class PaperVersion(models.Model):
    """One published version of a paper, kept as it went out.

    Version 1 is the paper as published with the agenda (or its supplement). A change
    after publication adds a version with its ``reason``: a ``correction`` goes out at
    once; a ``supplement`` version goes out with ``supplement`` (``published_at`` stays
    empty until that supplementary agenda is published). ``content`` holds the paper as
    it then read: ``{"title", "heading", "appendix_label", "author", "paper_date"
    (ISO date or null), "contact", "security", "exempt_paragraph", "own_headings",
    "uploaded_pdf" (stored file name or ""), "sections": [{"heading", "kind", "body",
    "rows"}]}``.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", "As published"
        CORRECTION = "correction", "Correction"
        SUPPLEMENT = "supplement", "Revised in a supplementary agenda"

    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField(blank=True, help_text="Why the published paper changed.")
    content = models.JSONField()
    supplement = models.ForeignKey(
        SupplementaryAgenda, null=True, blank=True, on_delete=models.PROTECT,
        related_name="paper_versions",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["paper", "number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="paper_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.paper} – version {self.number} ({self.get_kind_display()})"

    @property
    def is_restricted(self) -> bool:
        """True when this version itself was classified restricted."""
        return self.content.get("security") == "restricted"


def supplement_papers_all(supplement: SupplementaryAgenda) -> models.QuerySet[Paper]:
    """The papers a supplementary agenda carries: those tabled late in it and those whose
    revision goes out in it."""
    return Paper.objects.filter(
        models.Q(supplement=supplement) | models.Q(versions__supplement=supplement)
    ).distinct()
