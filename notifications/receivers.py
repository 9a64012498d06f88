"""Publishing's signals (boards.publishing.events) queue the notification tasks.

The signals are sent from ``transaction.on_commit``, so the task reads committed
data; the receivers only queue a task with the primary key.
"""
from boards.publishing import events

from . import tasks


def _agenda_published(sender, *, meeting_id: int, **kwargs) -> None:
    tasks.notify_agenda_published.delay(meeting_id)


def _supplement_published(sender, *, supplement_id: int, **kwargs) -> None:
    tasks.notify_supplement_published.delay(supplement_id)


def connect() -> None:
    """Connect the receivers (NotificationsConfig.ready); connecting twice does nothing."""
    events.agenda_published.connect(_agenda_published, dispatch_uid="notifications.agenda")
    events.supplement_published.connect(
        _supplement_published, dispatch_uid="notifications.supplement"
    )
