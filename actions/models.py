"""The action log (DOMAIN.md: Action log)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from boards.models import AgendaItem, Board, Meeting, Organisation, Person


class RagStatus(models.TextChoices):
    RED = "R", "Red"
    AMBER = "A", "Amber"
    GREEN = "G", "Green"


class Action(models.Model):
    """An action of a board's log, carried forward until it is closed.

    It is raised at a meeting (``raised_at``), or comes from the partnership plan's
    action plan with no meeting (``raised_at`` null: a *plan action*; DOMAIN.md: "Plan
    actions exist before any meeting raises them"). Leads are people
    (``lead_people``), organisations (``lead_organisations``) and/or a named body
    (``lead_body``, e.g. "YOS management board"). The target is one of: a date
    (``target_date``), a month (``target_date`` the month's last day and
    ``target_is_month``: "October 2017"), "Date TBC" (``target_date_tbc``) or
    "Ongoing" (``target_ongoing``). ``number`` is the action's number in its board's
    log; ``reference`` the plan's own reference for it ("1.2a"), if any. The plan
    fields (focus area, outcomes, resources, review date, priorities) are optional.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="actions")
    number = models.PositiveIntegerField(help_text="Number in the board's action log.")
    reference = models.CharField(
        max_length=20, blank=True, help_text='The plan\'s reference, e.g. "1.2a".'
    )
    raised_at = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="actions_raised",
        help_text="The meeting that raised the action; empty for an action from the plan.",
    )
    raised_under = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="Set when the action was raised under a restricted agenda item: the "
        "Schedule 12A paragraph that keeps it out of public packs, kept even if that item goes.",
    )
    description = models.TextField()
    focus_area = models.CharField(max_length=200, blank=True)
    outcomes = models.TextField(blank=True, help_text="What the action should achieve.")
    resources = models.TextField(blank=True, help_text="Resources and funding.")
    priorities = models.ManyToManyField(
        "plans.Priority", blank=True, related_name="actions",
        help_text="The plan's priorities and objectives the action delivers.",
    )
    lead_people = models.ManyToManyField(Person, blank=True, related_name="actions_led")
    lead_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="actions_led"
    )
    lead_body = models.CharField(max_length=200, blank=True)
    target_date = models.DateField(null=True, blank=True)
    target_date_tbc = models.BooleanField(default=False)
    target_is_month = models.BooleanField(
        default=False, help_text="The target is a month; target_date is its last day."
    )
    target_ongoing = models.BooleanField(default=False)
    review_date = models.DateField(null=True, blank=True)
    rag_status = models.CharField(max_length=1, choices=RagStatus.choices, default=RagStatus.AMBER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    comments = models.TextField(blank=True, help_text="Comments / update column of the log.")
    completion_requested_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When a lead marked the action complete and asked the chair to close it.",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "number"]
        # What the action log filters (open/closed, RAG, meeting) and sorts by (number,
        # target date) within a board, so a long log reads a page from an index.
        indexes = [
            models.Index(fields=["board", "status", "number"], name="action_board_status_number"),
            models.Index(fields=["board", "status", "target_date", "number"],
                         name="action_board_status_target"),
            models.Index(fields=["board", "status", "rag_status", "number"],
                         name="action_board_status_rag"),
            models.Index(fields=["raised_at", "status"], name="action_raised_at_status"),
            # The few actions whose lead asks for them to be closed, listed first on the
            # chair's log (selectors.asked_to_close) without reading the whole log.
            models.Index(fields=["board", "completion_requested_at"],
                         condition=models.Q(completion_requested_at__isnull=False),
                         name="action_completion_requested"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="action_number_unique"),
            models.CheckConstraint(
                condition=~(models.Q(target_date__isnull=False) & models.Q(target_date_tbc=True)),
                name="action_target_date_or_tbc",
            ),
            models.CheckConstraint(
                condition=~(models.Q(target_ongoing=True) & (
                    models.Q(target_date__isnull=False) | models.Q(target_date_tbc=True)
                )),
                name="action_target_ongoing_alone",
            ),
            models.CheckConstraint(
                condition=models.Q(target_is_month=False) | models.Q(target_date__isnull=False),
                name="action_target_month_has_date",
            ),
            models.UniqueConstraint(
                fields=["board", "reference"], condition=~models.Q(reference=""),
                name="action_reference_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Action {self.number}: {self.description[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def restricting_paragraph(self) -> int | None:
        """The Schedule 12A paragraph that keeps this action out of public packs: the one
        stored when it was raised, else that of the item it is still linked to (or its
        parent); None when neither is restricted."""
        if self.exempt_paragraph is not None:
            return self.exempt_paragraph
        item = self.raised_under.restricted_by if self.raised_under_id else None
        return item.exempt_paragraph if item is not None else None

    @property
    def is_plan_action(self) -> bool:
        """True for an action from the plan, raised at no meeting."""
        return self.raised_at_id is None

    @property
    def target_display(self) -> str:
        """ "28 February 2018", "October 2017", "Ongoing" or "Date TBC"."""
        if self.target_ongoing:
            return "Ongoing"
        if self.target_date is None:
            return "Date TBC"
        if self.target_is_month:
            return f"{self.target_date:%B %Y}"
        return f"{self.target_date.day} {self.target_date:%B %Y}"

    @property
    def log_reference(self) -> str:
        """The action's reference in its log: the plan's reference, else its number."""
        return self.reference or str(self.number)


class ActionUpdate(models.Model):
    """One change to an action: who, when, the text, and RAG / target date before and after."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    author_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(blank=True)
    rag_before = models.CharField(max_length=1, choices=RagStatus.choices, blank=True)
    rag_after = models.CharField(max_length=1, choices=RagStatus.choices, blank=True)
    target_date_before = models.DateField(null=True, blank=True)
    target_date_after = models.DateField(null=True, blank=True)
    status_before = models.CharField(max_length=10, choices=Action.Status.choices, blank=True)
    status_after = models.CharField(max_length=10, choices=Action.Status.choices, blank=True)
    reason = models.TextField(blank=True, help_text="Why the target date was revised.")

    class Meta:
        ordering = ["action", "created_at", "id"]

    def __str__(self) -> str:
        return f"Update to {self.action} at {self.created_at:%Y-%m-%d %H:%M}"
