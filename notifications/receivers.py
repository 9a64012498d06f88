"""Publishing's signals (boards.publishing.events) queue the notification tasks.

The signals are sent from ``transaction.on_commit``, so the task reads committed
data; the receivers only queue a task with the primary key. When the broker cannot take
it the publication is not undone: the hourly reminders run sends the notices of the last
two days' publications that were not sent (notifications.reminders.RECENT_PUBLICATIONS),
and every report request not yet sent.
"""
import logging

from boards.publishing import events
from subgroups import events as subgroup_events

from . import tasks

logger = logging.getLogger(__name__)


def _queue(task, arg) -> None:
    try:
        task.delay(arg)
    except Exception:  # noqa: BLE001 - the broker is down; the beat's run sends it later
        logger.warning("Could not queue %s(%s); the reminders run will send it", task.name, arg,
                       exc_info=True)


def _agenda_published(sender, *, meeting_id: int, **kwargs) -> None:
    _queue(tasks.notify_agenda_published, meeting_id)


def _supplement_published(sender, *, supplement_id: int, **kwargs) -> None:
    _queue(tasks.notify_supplement_published, supplement_id)


def _reports_requested(sender, *, report_ids: list[int], **kwargs) -> None:
    _queue(tasks.notify_report_requests, report_ids)


def connect() -> None:
    """Connect the receivers (NotificationsConfig.ready); connecting twice does nothing."""
    events.agenda_published.connect(_agenda_published, dispatch_uid="notifications.agenda")
    events.supplement_published.connect(
        _supplement_published, dispatch_uid="notifications.supplement"
    )
    subgroup_events.reports_requested.connect(
        _reports_requested, dispatch_uid="notifications.reports_requested"
    )
