"""The partnership plan (DOMAIN.md: The partnership plan; Crime and Disorder Act 1998 s.6).

A Plan belongs to the board that runs the partnership, covers a period of one to three
years, and has priorities (themes) with objectives under them, numbered as the plan
numbers them. Actions (actions.Action.priorities) and indicators
(indicators.Indicator.priorities) link to priorities and objectives; this app reads them
through those relations and never the other way round.
"""
import datetime as dt

from django.db import models

from boards.models import Board


def _fy_label(start: dt.date) -> str:
    return f"{start.year}/{(start.year + 1) % 100:02d}"


class Plan(models.Model):
    """A partnership (community safety) plan: title, period, status and document control.

    ``period_start``–``period_end`` is the period the plan covers. ``status`` is draft,
    approved or archived; an approved plan is public. ``approved_by`` is the board that
    approved it, on ``approved_on``. ``review_date`` is when it is next reviewed.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        ARCHIVED = "archived", "Archived"

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="plans",
        help_text="The board whose plan this is (the partnership board).",
    )
    title = models.CharField(max_length=300)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.SET_NULL, related_name="approved_plans",
        help_text="The board that approved the plan.",
    )
    approved_on = models.DateField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    introduction = models.TextField(blank=True, help_text="Foreword or vision, as published.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "-period_start", "title"]
        constraints = [
            models.UniqueConstraint(fields=["board", "title"], name="plan_title_unique"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """True when anyone may read the plan: it has been approved (and not archived)."""
        return self.status == self.Status.APPROVED

    @property
    def period_label(self) -> str:
        """ "2014/15 to 2016/17" for whole financial years; else "1 April 2014 to 31 March 2017"."""
        start, end = self.period_start, self.period_end
        if (start.month, start.day) == (4, 1) and (end.month, end.day) == (3, 31):
            last = dt.date(end.year - 1, 4, 1)
            if last == start:
                return _fy_label(start)
            return f"{_fy_label(start)} to {_fy_label(last)}"
        return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


class PlanVersion(models.Model):
    """One row of the plan's version history: version, what changed, when, who it went to."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=20)
    change = models.TextField()
    date = models.DateField(null=True, blank=True)
    dissemination = models.TextField(blank=True, help_text="Who the version was sent to.")

    class Meta:
        ordering = ["plan", "date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="plan_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.version}"


class Priority(models.Model):
    """A priority (theme) of a plan, or with ``parent`` set an objective under one.

    ``code`` is the plan's own numbering ("1", "1.2"); ``position`` orders siblings.
    ``description`` holds the vision or the delivery text, ``success_measures`` how
    the plan will know it is met.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="objectives"
    )
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    success_measures = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "code"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="priority_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_objective(self) -> bool:
        return self.parent_id is not None
