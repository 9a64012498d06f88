"""Papers (reports) tabled under agenda items: cover details and sheet, sections, sign-offs.

See DOMAIN.md: A meeting's life (papers); Publication and access rules (the council cover
sheet, exempt information).
"""

from django.db import models
from simple_history.models import HistoricalRecords

from csp_portal.concurrency import Versioned

from .meetings import PROTECT_FIXED, AgendaItem, exempt_paragraph_field_kwargs


class SecurityClassification(models.TextChoices):
    """The one controlled list for a paper's security (the seed spells it five ways)."""

    UNRESTRICTED = "unrestricted", "UNRESTRICTED"
    RESTRICTED = "restricted", "RESTRICTED"


class Paper(Versioned):
    """A report (paper) tabled under an agenda item: structured sections, an uploaded PDF, or both.

    A restricted paper must name its exempt paragraph; the public pack prints
    only its title and "Exempt – paragraph N".
    """

    agenda_item = models.ForeignKey(AgendaItem, on_delete=PROTECT_FIXED, related_name="papers")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300, help_text="The report's subject.")
    heading = models.CharField(
        max_length=200, blank=True, help_text='Banner above the subject, e.g. "REPORT".'
    )
    appendix_label = models.CharField(max_length=50, blank=True, help_text='e.g. "Appendix A"')
    author = models.TextField(blank=True)
    paper_date = models.DateField(null=True, blank=True)
    contact = models.TextField(blank=True)
    security = models.CharField(
        max_length=20,
        choices=SecurityClassification.choices,
        default=SecurityClassification.UNRESTRICTED,
    )
    exempt_paragraph = models.PositiveSmallIntegerField(**exempt_paragraph_field_kwargs)
    uploaded_pdf = models.FileField(upload_to="papers/%Y/", blank=True)
    own_headings = models.BooleanField(
        default=False,
        help_text="Print under its own headings (title, then heading) without the board's "
        "report cover: for an appendix that is another body's document, e.g. a subgroup's notes "
        "of meeting.",
    )
    supplement = models.ForeignKey(
        "boards.SupplementaryAgenda", null=True, blank=True, on_delete=models.PROTECT,
        related_name="papers",
        help_text="Set when the paper was added after the agenda was published.",
    )
    urgency_reason = models.TextField(
        blank=True, help_text="Why a late paper could not wait for the next meeting.",
    )
    # The council cover sheet (DOMAIN.md: Publication and access rules); each is optional
    # and printed only when filled. The classification is ``security`` above.
    report_of = models.CharField(
        max_length=200, blank=True, help_text='Whose report it is, e.g. "Director of Public '
        'Health".',
    )
    originating_officers = models.TextField(blank=True, help_text="One officer a line.")
    lead_member = models.CharField(max_length=200, blank=True)
    wards_affected = models.CharField(max_length=300, blank=True, help_text='e.g. "All wards"')
    key_decision = models.BooleanField(
        null=True, blank=True, help_text="Empty when the cover sheet does not say.",
    )
    forward_plan_reference = models.CharField(
        max_length=50, blank=True, help_text="The key decision's forward plan reference.",
    )
    plan_priorities = models.ManyToManyField(
        "plans.Priority", blank=True, related_name="papers",
        help_text="The plan's priorities and objectives the report serves.",
    )
    background_papers = models.TextField(
        blank=True, help_text="Papers the report relied on; one a line.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Every change, whatever path made it (services, admin, a shell's .save()).
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(security="restricted")
                | models.Q(exempt_paragraph__isnull=False),
                name="paper_restricted_needs_paragraph",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_restricted(self) -> bool:
        """Restricted itself, or tabled under a restricted agenda item (or its parent)."""
        return self.restricting_paragraph is not None

    @property
    def restricting_paragraph(self) -> int | None:
        """The Schedule 12A paragraph that restricts this paper: its own when it is
        restricted, else its agenda item's (or that item's parent's); None if unrestricted."""
        if self.security == SecurityClassification.RESTRICTED:
            return self.exempt_paragraph
        item = self.agenda_item.restricted_by
        return item.exempt_paragraph if item is not None else None


class PaperSignOff(models.Model):
    """One sign-off on a paper's cover sheet: who cleared it for a function, and when.

    ``role`` is the function as the cover sheet names it ("Finance", "Legal", "Chief
    Executive"); ``signed_on`` is optional.
    """

    paper = models.ForeignKey(Paper, on_delete=PROTECT_FIXED, related_name="sign_offs")
    position = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    signed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "position"], name="paper_sign_off_unique")
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.name}"


class PaperSection(models.Model):
    """One numbered section of a structured paper.

    ``body`` is plain text: a blank line separates paragraphs and lines starting
    with "- " are bullet points. A ``table`` section holds ``rows``: a list of
    lists of strings, the first row being the header.
    """

    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        TABLE = "table", "Table"

    paper = models.ForeignKey(Paper, on_delete=PROTECT_FIXED, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(blank=True)
    rows = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "position"], name="paper_section_unique")
        ]

    def __str__(self) -> str:
        return self.heading or f"Section {self.position}"
