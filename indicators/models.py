"""Indicators, KPI returns and the performance report (DOMAIN.md: Performance)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from boards.models import AgendaItem, Board, Person, SecurityClassification
from boards.models.meetings import exempt_paragraph_field_kwargs
from csp_portal.concurrency import Versioned


class Rag(models.TextChoices):
    """A performance rating. Grey is for monitoring indicators, never computed as R/A/G."""

    RED = "R", "Red"
    AMBER = "A", "Amber"
    GREEN = "G", "Green"
    GREY = "X", "Grey (monitoring)"


class Indicator(models.Model):
    """A key performance indicator owned by a subgroup, reported to a partnership board.

    ``target_type`` decides how it is rated (DOMAIN.md: target types):
    year-on-year reduction or increase (thresholds in per cent of last year's
    FYTD), a ceiling for the year compared pro rata with the months reported
    (``target_value``), a range (``target_lower``–``target_upper``), or
    monitoring (Grey). ``in_development`` indicators are listed without data.
    """

    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENTAGE = "percentage", "Percentage"
        RATE_PER_1000 = "rate_per_1000", "Rate per 1,000"
        RATE_PER_100000 = "rate_per_100000", "Rate per 100,000"

    class TargetType(models.TextChoices):
        REDUCTION = "reduction", "Year-on-year reduction"
        INCREASE = "increase", "Increase wanted"
        CEILING = "ceiling", "Ceiling for the year (pro rata)"
        RANGE = "range", "Range"
        MONITORING = "monitoring", "For monitoring"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"
        COHORT = "cohort", "Cohort"

    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="The board whose performance report lists this indicator.",
    )
    owning_subgroup = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="owned_indicators"
    )
    reference = models.CharField(max_length=10, help_text='e.g. "1a", "2"')
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=300, help_text="As listed in the summary table.")
    short_name = models.CharField(max_length=120, blank=True, help_text="One-page summary title.")
    source = models.CharField(max_length=300, blank=True)
    definition = models.TextField(blank=True)
    how_it_works = models.TextField(blank=True)
    what_good_looks_like = models.TextField(blank=True)
    why_important = models.TextField(blank=True)
    issues_to_consider = models.TextField(blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.COUNT)
    unit_label = models.CharField(max_length=50, blank=True, help_text='e.g. "offences", "calls"')
    population_label = models.CharField(
        max_length=100, blank=True, help_text='For rates, e.g. "10-17 year olds"'
    )
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    target_type = models.CharField(max_length=20, choices=TargetType.choices)
    target_text = models.CharField(max_length=200, blank=True, help_text="The target as printed.")
    target_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target_lower = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target_upper = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    green_threshold_pct = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("5.00"),
        help_text="Green when better than last year by at least this many per cent.",
    )
    red_threshold_pct = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("5.00"),
        help_text="Red when worse than last year by more than this many per cent.",
    )
    lead = models.CharField(max_length=200, blank=True)
    lead_title = models.CharField(max_length=200, blank=True)
    lead_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    in_development = models.BooleanField(default=False)
    priorities = models.ManyToManyField(
        "plans.Priority", blank=True, related_name="indicators",
        help_text="The plan's priorities and objectives the indicator measures.",
    )

    class Meta:
        ordering = ["board", "position", "reference"]
        # The dashboard and report list a board's indicators in this order.
        indexes = [
            models.Index(fields=["board", "position", "reference"],
                         name="indicator_board_position"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["board", "reference"], name="indicator_ref_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    @property
    def title(self) -> str:
        return self.short_name or self.name


class IndicatorReturn(Versioned):
    """An indicator's figure for one period.

    ``period`` is the first day of the month the figure is for (a quarter's or a
    cohort's last month; for an annual indicator, March, the financial year's
    last). ``value`` is that month's figure (null when not reported);
    ``fytd_reported`` the financial-year-to-date figure as the source reports
    it, where it does. ``london_change_pct`` is the London-wide FYTD change in
    per cent; ``london_comparator`` the comparator as printed when it is not a
    change ("Rate 403 per 100,000 10 - 17 yr olds").
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="returns")
    period = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    fytd_reported = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    london_change_pct = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    london_comparator = models.CharField(max_length=200, blank=True)
    cohort_label = models.CharField(max_length=100, blank=True)
    rate_text = models.CharField(
        max_length=200, blank=True,
        help_text='A rate printed beside the figure, e.g. "rate now 594 per 100,000 10-17 year '
        'olds".',
    )
    data_note = models.TextField(
        blank=True,
        help_text="Where sources disagree, which figure was chosen and why. Shown on the web "
        "pages to those who keep the figures; never printed.",
    )
    performance_overview = models.TextField(blank=True)
    actions_to_improve = models.TextField(blank=True)
    rag_override = models.CharField(max_length=1, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    self_approval_reason = models.TextField(
        blank=True,
        help_text="Why the person who submitted the return also approved it (allowed only "
        "when the board has no other approver).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    # Every change, whatever path made it (services, imports, admin, a shell's .save()).
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period"]
        # The dashboard reads each indicator's approved returns up to a month, and the
        # months a board has approved returns for; the return grid reads by period.
        indexes = [
            models.Index(fields=["indicator", "status", "period"],
                         name="return_indicator_status_period"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="return_period_unique"),
            models.CheckConstraint(
                condition=models.Q(rag_override="") | ~models.Q(rag_override_reason=""),
                name="return_override_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.reference} {self.period:%Y-%m}"


class ReportGrouping(models.TextChoices):
    """How a performance report's summary table groups its indicators."""

    OWNING_SUBGROUP = "owning_subgroup", "By owning subgroup"
    PRIORITY = "priority", "By plan priority"


class PerformanceReport(models.Model):
    """The performance report paper of a board "as at" a period (the last month reported).

    Generated from the approved returns up to ``as_at``; the narrative fields
    are the analyst's. Linked to the agenda item that tables it, if any.
    """

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="performance_reports")
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="performance_reports",
    )
    title = models.CharField(max_length=300)
    as_at = models.DateField(help_text="First day of the last month the report covers.")
    report_date = models.DateField(null=True, blank=True)
    author = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=200, blank=True)
    sponsor = models.CharField(max_length=200, blank=True)
    security = models.CharField(
        max_length=20,
        choices=SecurityClassification.choices,
        default=SecurityClassification.UNRESTRICTED,
    )
    exempt_paragraph = models.PositiveSmallIntegerField(**exempt_paragraph_field_kwargs)
    introduction = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="Notes printed above the summary table.")
    commentary = models.TextField(blank=True, help_text="Areas for improvement narrative.")
    # Drafted from the ratings (indicators.report.context.executive_summary_draft), edited by
    # the analyst, approved by the chair or clerk. Only approved text prints; until then
    # the report prints the summary drafted afresh from the ratings.
    executive_summary = models.TextField(
        blank=True, help_text="The executive summary as the analyst wrote it (plain text)."
    )
    executive_summary_approved_at = models.DateTimeField(null=True, blank=True)
    executive_summary_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    grouping = models.CharField(
        max_length=20, choices=ReportGrouping.choices, default=ReportGrouping.OWNING_SUBGROUP,
        help_text="How the summary table groups the indicators.",
    )

    class Meta:
        ordering = ["board", "-as_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(security="restricted")
                | models.Q(exempt_paragraph__isnull=False),
                name="performance_report_restricted_needs_paragraph",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (as at {self.as_at:%B %Y})"

    @property
    def is_restricted(self) -> bool:
        return self.security == SecurityClassification.RESTRICTED

    @property
    def approved_executive_summary(self) -> str:
        """The executive summary as approved, or '' while it is not."""
        return self.executive_summary if self.executive_summary_approved_at else ""


class PerformanceReportRender(models.Model):
    """One PDF rendering of a PerformanceReport on its own, by the worker.

    Mirrors boards.PackRender: queued → rendering → ready | failed, with the
    file, its page count, size in bytes and SHA-256 hex digest.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    report = models.ForeignKey(PerformanceReport, on_delete=models.CASCADE, related_name="renders")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
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
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="performance_reports/", blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} render {self.pk} ({self.status})"
