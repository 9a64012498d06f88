"""The action log (DOMAIN.md: Action log)."""

from django.conf import settings
from django.db import models

from boards.models import AgendaItem, Board, Meeting, Person


class RagStatus(models.TextChoices):
    RED = "R", "Red"
    AMBER = "A", "Amber"
    GREEN = "G", "Green"


class Action(models.Model):
    """An action raised at a meeting and carried forward until it is closed.

    Leads are people (``lead_people``) and/or a named body (``lead_body``, e.g.
    "YOS management board"). ``target_date`` null with ``target_date_tbc`` set
    means "Date TBC". ``number`` is the action's number in its board's log.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="actions")
    number = models.PositiveIntegerField(help_text="Number in the board's action log.")
    raised_at = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions_raised")
    raised_under = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField()
    lead_people = models.ManyToManyField(Person, blank=True, related_name="actions_led")
    lead_body = models.CharField(max_length=200, blank=True)
    target_date = models.DateField(null=True, blank=True)
    target_date_tbc = models.BooleanField(default=False)
    rag_status = models.CharField(max_length=1, choices=RagStatus.choices, default=RagStatus.AMBER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    comments = models.TextField(blank=True, help_text="Comments / update column of the log.")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "number"]
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="action_number_unique"),
            models.CheckConstraint(
                condition=~(models.Q(target_date__isnull=False) & models.Q(target_date_tbc=True)),
                name="action_target_date_or_tbc",
            ),
        ]

    def __str__(self) -> str:
        return f"Action {self.number}: {self.description[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def target_display(self) -> str:
        """ "28 February 2018", or "Date TBC"."""
        if self.target_date is None:
            return "Date TBC"
        return f"{self.target_date.day} {self.target_date:%B %Y}"


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
