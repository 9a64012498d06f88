"""Meetings, attendance, agenda items, minutes and the forward plan (papers: .papers).

See DOMAIN.md: A meeting's life.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from csp_portal.concurrency import Versioned

from .people import Board, Person

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]

EXEMPT_PARAGRAPHS = {
    1: "Information relating to any individual",
    2: "Information which is likely to reveal the identity of an individual",
    3: "Information relating to the financial or business affairs of any particular person",
    4: "Information relating to consultations or negotiations in connection with labour relations",
    5: "Information in respect of which a claim to legal professional privilege could be "
    "maintained",
    6: "Information which reveals that the authority proposes to give a notice, make an order "
    "or direction",
    7: "Information relating to the prevention, investigation or prosecution of crime",
}
"""Local Government Act 1972, Schedule 12A, Part 1 (DOMAIN.md: exempt information)."""

EXEMPT_PARAGRAPHS_FULL = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information).",
    4: "Information relating to any consultations or negotiations, or contemplated "
    "consultations or negotiations, in connection with any labour relations matter arising "
    "between the authority or a Minister of the Crown and employees of, or office holders "
    "under, the authority.",
    5: "Information in respect of which a claim to legal professional privilege could be "
    "maintained in legal proceedings.",
    6: "Information which reveals that the authority proposes (a) to give under any enactment "
    "a notice under or by virtue of which requirements are imposed on a person; or (b) to make "
    "an order or direction under any enactment.",
    7: "Information relating to any action taken or to be taken in connection with the "
    "prevention, investigation or prosecution of crime.",
}
"""The same paragraphs in the Schedule's full wording, as the agenda's Part 2 prints them."""

exempt_paragraph_field_kwargs = dict(
    null=True,
    blank=True,
    validators=[MinValueValidator(1), MaxValueValidator(7)],
    choices=[(k, f"Paragraph {k}: {v}") for k, v in EXEMPT_PARAGRAPHS.items()],
    help_text="Schedule 12A paragraph (1–7) that makes this exempt from publication.",
)


def _meeting_of(obj) -> "Meeting | None":
    if isinstance(obj, Meeting):
        return obj
    if getattr(obj, "meeting_id", None) is not None:
        return obj.meeting
    if getattr(obj, "agenda_item_id", None) is not None:
        return obj.agenda_item.meeting
    if getattr(obj, "paper_id", None) is not None:
        return obj.paper.agenda_item.meeting
    return None


def record_is_fixed(obj) -> bool:
    """True when ``obj`` (an agenda item, minute, declaration, attendance, paper, paper
    section or sign-off) is part of a record that no longer changes: its meeting's minutes are
    confirmed, or it is a paper (or a section of one) whose meeting's agenda is published,
    other than a paper waiting in a supplement not yet published. Makes queries."""
    meeting = _meeting_of(obj)
    if meeting is None:
        return False
    if meeting.status == Meeting.Status.MINUTES_CONFIRMED:
        return True
    # boards.models.papers builds on this module, so its models are told by name here.
    kind = obj._meta.model_name
    if kind in ("paper", "papersection", "papersignoff") and (
        meeting.status != Meeting.Status.PLANNED
    ):
        supplement = (obj if kind == "paper" else obj.paper).supplement
        return supplement is None or supplement.published_at is not None
    return False


def PROTECT_FIXED(collector, field, sub_objs, using):  # noqa: N802 - named as Django's are
    """``on_delete``: CASCADE, unless a related object is part of a fixed record
    (record_is_fixed), when the delete is refused with ProtectedError naming them. A delete
    from any path (the admin, the ORM) cannot remove a confirmed meeting's items, minutes,
    declarations or attendance, or a published paper, by cascading from what they hang on."""
    fixed = [obj for obj in sub_objs if record_is_fixed(obj)]
    if fixed:
        raise models.ProtectedError(
            f"Cannot delete: {len(fixed)} {field.model._meta.verbose_name_plural} of a "
            "confirmed or published record would be deleted with it "
            f"({field.model.__name__}.{field.name}).",
            fixed,
        )
    models.CASCADE(collector, field, sub_objs, using)


class Purpose(models.TextChoices):
    """Why an item comes to the board (forward plan "Reason")."""

    DECISION = "decision", "For decision"
    INFORMATION = "information", "For information"
    DISCUSSION = "discussion", "For discussion"
    PRESENTATION = "presentation", "Presentation"


class Meeting(models.Model):
    """One meeting of a board: planned → agenda published → held → minutes confirmed."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        MINUTES_CONFIRMED = "minutes_confirmed", "Minutes confirmed"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(
        max_length=200, blank=True, help_text="Defaults to the board's name, e.g. 'Closed meeting'."
    )
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    publication_date = models.DateField(null=True, blank=True)
    planned_publication_date = models.DateField(
        null=True, blank=True,
        help_text="The publication date the forward plan gives; blank means the publication "
        "date.",
    )
    contact_officer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minute_taker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chaired_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes_confirmed_at = models.DateTimeField(null=True, blank=True)
    minutes_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes_confirmed_at_meeting = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="minutes_confirmed",
        help_text="The later meeting at which these minutes were confirmed as a true record.",
    )
    minutes_amendments = models.TextField(
        blank=True,
        help_text="Amendments to the draft minutes agreed when they were confirmed; printed "
        "with the confirmed minutes.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["board", "start"], name="meeting_board_start_unique"),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="meeting_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_title} – {timezone.localtime(self.start):%d %B %Y}"

    @property
    def display_title(self) -> str:
        return self.title or self.board.name

    @property
    def minutes_are_confirmed(self) -> bool:
        return self.status == self.Status.MINUTES_CONFIRMED


class Attendance(models.Model):
    """Whether a person was at a meeting (DOMAIN.md: The meeting)."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        IN_ATTENDANCE = "in_attendance", "In attendance"

    meeting = models.ForeignKey(Meeting, on_delete=PROTECT_FIXED, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=20, choices=Status.choices)
    substituting_for = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True, help_text='e.g. "Chair", "arrived late"')
    name_as_minuted = models.CharField(
        max_length=200, blank=True,
        help_text='The name as these minutes spell it ("Dan James"), when not as the person '
        "record does.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "status", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_status_display()}"


class AgendaItem(Versioned):
    """A numbered item of a meeting's agenda, or a sub-item ((i), (ii)…) when ``parent`` is set.

    ``pack_content`` names generated content the agenda pack prints under this
    item besides its papers: the previous meeting's minutes and the action log,
    or the board's forward plan. Subgroup update reports and the performance
    report attach themselves to an item through their own ``agenda_item``.
    """

    class PackContent(models.TextChoices):
        NONE = "", "Papers only"
        MINUTES_AND_ACTION_LOG = "minutes_and_action_log", "Previous minutes and action log"
        FORWARD_PLAN = "forward_plan", "Forward plan"

    meeting = models.ForeignKey(Meeting, on_delete=PROTECT_FIXED, related_name="agenda_items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=PROTECT_FIXED, related_name="sub_items"
    )
    position = models.PositiveSmallIntegerField(
        help_text="Item number among its siblings: 1, 2, 3… (sub-items print as (i), (ii)…)."
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    presenter = models.CharField(max_length=200, blank=True)
    presenter_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices, blank=True)
    minutes_allowed = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Time allowed, in minutes."
    )
    is_verbal = models.BooleanField(default=False)
    is_standing = models.BooleanField(default=False)
    is_restricted = models.BooleanField(default=False)
    exempt_paragraph = models.PositiveSmallIntegerField(**exempt_paragraph_field_kwargs)
    pack_content = models.CharField(
        max_length=32, choices=PackContent.choices, blank=True, default=PackContent.NONE
    )
    number = models.CharField(
        max_length=10, blank=True,
        help_text='The item\'s number as the clerk enters it, e.g. "8.3"; blank prints the '
        "number from its place (8, or (iii) under an item).",
    )
    supplement = models.ForeignKey(
        "boards.SupplementaryAgenda", null=True, blank=True, on_delete=models.PROTECT,
        related_name="agenda_items",
        help_text="Set when the item was added after the agenda was published (a late item).",
    )
    urgency_reason = models.TextField(
        blank=True, help_text="Why a late item could not wait for the next meeting.",
    )

    class Meta:
        ordering = ["meeting", "parent_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                condition=models.Q(parent__isnull=True),
                name="agenda_item_top_position_unique",
            ),
            models.UniqueConstraint(
                fields=["parent", "position"],
                condition=models.Q(parent__isnull=False),
                name="agenda_item_sub_position_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(is_restricted=False) | models.Q(exempt_paragraph__isnull=False),
                name="agenda_item_restricted_needs_paragraph",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        """ "3" for an item, "(ii)" for a sub-item; the number as entered ("8.3") when set."""
        if self.number:
            return self.number
        if self.parent_id is None:
            return str(self.position)
        idx = self.position - 1
        return f"({ROMAN[idx]})" if 0 <= idx < len(ROMAN) else f"({self.position})"

    @property
    def restricted_by(self) -> "AgendaItem | None":
        """This item, or its parent, when either is restricted (a sub-item inherits
        its parent's restriction); None when neither is."""
        if self.is_restricted:
            return self
        if self.parent_id is not None and self.parent.is_restricted:
            return self.parent
        return None

    @property
    def full_label(self) -> str:
        """ "6(ii)" for a sub-item, "6" for an item; the number as entered ("8.3") when set."""
        if self.parent_id is None or self.number:
            return self.label
        return f"{self.parent.label}{self.label}"


def agenda_tree(items: Iterable[AgendaItem]) -> list[tuple[AgendaItem, list[AgendaItem]]]:
    """One meeting's agenda items as (item, its sub-items) pairs in agenda order: 6, 6(i), 6(ii), 7.

    ``items`` is every item of the meeting, already fetched (no query is made).
    Siblings are ordered by ``position`` (unique among siblings, see the
    constraints above), then pk. Sub-items of sub-items are not part of an agenda.
    """
    children: dict[int | None, list[AgendaItem]] = {}
    for item in sorted(items, key=lambda i: (i.position, i.pk)):
        children.setdefault(item.parent_id, []).append(item)
    return [(top, children.get(top.pk, [])) for top in children.get(None, [])]


class DeclarationOfInterest(models.Model):
    """A member's declaration of interest in an agenda item."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", "Personal"
        PREJUDICIAL = "prejudicial", "Prejudicial"

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=PROTECT_FIXED, related_name="declarations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSONAL)
    nature = models.TextField()

    class Meta:
        verbose_name_plural = "declarations of interest"
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "person"], name="declaration_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.agenda_item}"


class Minute(Versioned):
    """The minute of one agenda item: discussion text and the decisions taken.

    Text uses the same plain-text convention as PaperSection.body. Once the
    meeting's minutes are confirmed the minute no longer changes (enforced in
    boards.minutes.services).
    """

    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=PROTECT_FIXED, related_name="minute"
    )
    text = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Minute of {self.agenda_item}"


class ForwardPlanItem(models.Model):
    """A planned item in a board's forward plan, for a planned (or past) meeting."""

    class Section(models.TextChoices):
        DISCUSSION = "discussion", "Discussion"
        BUSINESS = "business", "Business"

    class Status(models.TextChoices):
        PLANNED = "", "Planned"
        RECEIVED = "received", "Item Received"
        DEFERRED = "deferred", "Deferred"
        WITHDRAWN = "withdrawn", "Withdrawn"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="forward_plan_items")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="forward_plan_items"
    )
    position = models.PositiveSmallIntegerField(default=1)
    section = models.CharField(max_length=20, choices=Section.choices, blank=True)
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=20, choices=Purpose.choices, blank=True)
    comments = models.CharField(max_length=300, blank=True, help_text="Comments / version control")
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    is_standing = models.BooleanField(default=False)
    is_break = models.BooleanField(
        default=False, help_text="A break in the meeting, printed as a \"Break\" row; "
        "never an agenda item.",
    )
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="planned_as",
        help_text="The agenda item this planned item became.",
    )

    class Meta:
        ordering = ["meeting__start", "position"]

    def __str__(self) -> str:
        return self.title
