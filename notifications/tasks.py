"""Celery tasks of notifications: thin, taking primary keys (pretix's practice)."""
from celery import shared_task

from . import publication, reminders


@shared_task(name="notifications.notify_agenda_published")
def notify_agenda_published(meeting_id: int) -> int:
    """Email the members of Meeting ``meeting_id`` that its agenda is published."""
    return publication.agenda_published_notify(meeting_id=meeting_id)


@shared_task(name="notifications.notify_supplement_published")
def notify_supplement_published(supplement_id: int) -> int:
    """Email the members that SupplementaryAgenda ``supplement_id`` is published."""
    return publication.supplement_published_notify(supplement_id=supplement_id)


@shared_task(name="notifications.notify_report_requests")
def notify_report_requests(report_ids: list[int]) -> int:
    """Email the chairs of the subgroups asked for the SubgroupReports ``report_ids``."""
    return len(reminders.report_requests_send(report_ids=report_ids))


@shared_task(name="notifications.send_reminders")
def send_reminders() -> int:
    """Run by celery beat: send the reminders due today (notifications.reminders)."""
    return len(reminders.reminders_send())
