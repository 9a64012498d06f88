"""Every email the portal sends, and each person's choice of how often to be told."""
from django.db import models

from boards.models import Person


class Frequency(models.TextChoices):
    """How a person wants to be told (Preference.frequency)."""

    IMMEDIATE = "immediate", "Straight away, and a weekly digest"
    DIGEST = "digest", "Only the weekly digest"
    NONE = "none", "No emails"


class Preference(models.Model):
    """A person's choice of emails. A person with no Preference gets IMMEDIATE."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="notification_preference"
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person}: {self.get_frequency_display()}"


class Notification(models.Model):
    """One email to one person for one event, recorded before it is sent.

    ``event_key`` names the event and the person (e.g. ``agenda:12:person:7``,
    ``digest:2018-W12:person:7``) and is unique, so an event is never emailed twice to
    anyone; a FAILED message is tried again by the next run, a SENT one never.
    """

    class Kind(models.TextChoices):
        AGENDA = "agenda", "Agenda published"
        SUPPLEMENT = "supplement", "Supplementary agenda published"
        DIGEST = "digest", "Weekly digest"
        REPORT_REQUEST = "report_request", "Subgroup report requested"
        REPORT_REMINDER = "report_reminder", "Subgroup report reminder"
        RETURN_REMINDER = "return_reminder", "Return reminder"

    class Status(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    event_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.status})"
