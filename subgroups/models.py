"""Subgroup update reports (DOMAIN.md: A meeting's life, step 4)."""

from django.db import models

from boards.models import AgendaItem, Board, Meeting, Person, SecurityClassification
from boards.models.meetings import exempt_paragraph_field_kwargs
from csp_portal.concurrency import Versioned


class SubgroupReport(Versioned):
    """A subgroup's update to a meeting of its parent board, in the fixed four-section template.

    Status: requested (asked for by the clerk) → submitted, or verbal when the
    subgroup has not submitted by publication and will report in person.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        SUBMITTED = "submitted", "Submitted"
        VERBAL = "verbal", "Verbal"

    subgroup = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="update_reports")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="subgroup_reports")
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subgroup_reports",
    )
    title = models.CharField(max_length=300, blank=True)
    author = models.TextField(blank=True)
    author_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.CharField(max_length=300, blank=True)
    report_date = models.DateField(null=True, blank=True)
    security = models.CharField(
        max_length=20,
        choices=SecurityClassification.choices,
        default=SecurityClassification.UNRESTRICTED,
    )
    exempt_paragraph = models.PositiveSmallIntegerField(**exempt_paragraph_field_kwargs)
    brief_update = models.TextField(blank=True)
    key_challenges = models.TextField(blank=True)
    support_required = models.TextField(blank=True)
    appendices = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    deadline = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "agenda_item__position", "subgroup__name"]
        constraints = [
            models.UniqueConstraint(fields=["subgroup", "meeting"], name="subgroup_report_unique"),
            models.CheckConstraint(
                condition=~models.Q(security="restricted")
                | models.Q(exempt_paragraph__isnull=False),
                name="subgroup_report_restricted_needs_paragraph",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or f"{self.subgroup.name} Subgroup Update"

    @property
    def is_restricted(self) -> bool:
        return self.security == SecurityClassification.RESTRICTED
