"""Writes for subgroup update reports (DOMAIN.md: A meeting's life, step 4).

The clerk asks the board's subgroups for reports with a deadline before the
meeting; a subgroup's officers write the four-section report and submit it; a
subgroup that has not submitted gives a verbal update instead. Every change
writes an audit entry.
"""
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from boards.access import board_descendant_ids
from boards.models import AgendaItem, Board, Meeting, SecurityClassification
from csp_portal.audit import audit_entry_create
from csp_portal.concurrency import version_claim

from . import events
from .models import SubgroupReport
from .selectors import meeting_is_held, subgroup_report_is_editable, subgroup_report_submitted_late


@dataclass(frozen=True)
class SubgroupReportContent:
    """What a subgroup's officer writes: the header and the four template sections.

    ``security`` is a SecurityClassification value; ``exempt_paragraph`` (1–7,
    Schedule 12A) is required when restricted and dropped when unrestricted.
    """

    title: str = ""
    author: str = ""
    contact: str = ""
    security: str = SecurityClassification.UNRESTRICTED
    exempt_paragraph: int | None = None
    brief_update: str = ""
    key_challenges: str = ""
    support_required: str = ""
    appendices: str = ""


def _check_request(
    *, meeting: Meeting, subgroups: list[Board], deadline: dt.date, agenda_item: AgendaItem | None
) -> None:
    errors: dict[str, list[str]] = {}
    if not subgroups:
        errors["subgroups"] = ["Choose at least one subgroup to ask for a report"]
    below = board_descendant_ids(meeting.board)
    strangers = [s.name for s in subgroups if s.pk not in below]
    if strangers:
        errors.setdefault("subgroups", []).append(
            f"{', '.join(strangers)} does not report to {meeting.board.name}"
        )
    meeting_day = timezone.localdate(meeting.start)
    if deadline >= meeting_day:
        errors["deadline"] = [
            f"The deadline must be before the meeting on {meeting_day:%-d %B %Y}"
        ]
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        errors["agenda_item"] = ["Choose an item on this meeting's agenda"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def subgroup_reports_request(
    *,
    meeting: Meeting,
    subgroups: Iterable[Board],
    deadline: dt.date,
    agenda_item: AgendaItem | None,
    actor: Any,
) -> list[SubgroupReport]:
    """Ask each of ``subgroups`` for an update report to ``meeting`` by ``deadline``.

    Idempotent: asking a subgroup again changes its report's deadline (and its
    agenda item, when one is given) and keeps what was written; a report marked
    verbal goes back to requested. Returns the reports, in the order given.

    Raises ValidationError (keyed by subgroups, deadline, agenda_item) when a
    subgroup is not below the meeting's board (at any depth; DOMAIN.md: Who and
    what), the deadline is not before the meeting day
    (Europe/London), or the item is on another meeting's agenda.
    """
    subgroups = list(subgroups)
    _check_request(meeting=meeting, subgroups=subgroups, deadline=deadline,
                   agenda_item=agenda_item)
    reports = []
    for subgroup in subgroups:
        report, created = SubgroupReport.objects.select_for_update().get_or_create(
            meeting=meeting, subgroup=subgroup,
            defaults={"deadline": deadline, "agenda_item": agenda_item,
                      "status": SubgroupReport.Status.REQUESTED},
        )
        previous = {"deadline": report.deadline, "status": report.status}
        if not created:
            report.deadline = deadline
            if agenda_item is not None:
                report.agenda_item = agenda_item
            if report.status == SubgroupReport.Status.VERBAL:
                report.status = SubgroupReport.Status.REQUESTED
            report.save(update_fields=["deadline", "agenda_item", "status"])
        audit_entry_create(
            obj=report,
            action="subgroup_report_request",
            actor=actor,
            summary=(
                f"Asked {subgroup.name} for an update report to the meeting of "
                f"{timezone.localdate(meeting.start):%-d %B %Y} by {deadline:%-d %B %Y}"
            ),
            detail={
                "deadline": deadline.isoformat(),
                "agenda_item": agenda_item.pk if agenda_item else None,
                "again": not created,
                "previous_deadline": (
                    previous["deadline"].isoformat()
                    if not created and previous["deadline"] else None
                ),
                "previous_status": None if created else previous["status"],
            },
        )
        reports.append(report)
    report_ids = [report.pk for report in reports]
    transaction.on_commit(lambda: events.reports_requested.send(
        sender=SubgroupReport, report_ids=report_ids
    ))
    return reports


@transaction.atomic
def subgroup_report_mark_verbal(*, report: SubgroupReport, actor: Any) -> SubgroupReport:
    """Record that ``report``'s subgroup will give a verbal update instead of a written one.

    DOMAIN.md: a subgroup that has not submitted by publication gives a verbal
    update, and the pack says so. Marking a verbal report again changes
    nothing. Raises ValidationError when the report has been submitted.
    """
    if report.status == SubgroupReport.Status.VERBAL:
        return report
    if report.status == SubgroupReport.Status.SUBMITTED:
        raise ValidationError(
            f"{report.subgroup.name} has already submitted its report, so it cannot be "
            "marked as a verbal update"
        )
    report.status = SubgroupReport.Status.VERBAL
    report.save(update_fields=["status"])
    audit_entry_create(
        obj=report,
        action="subgroup_report_mark_verbal",
        actor=actor,
        summary=f"Recorded that {report.subgroup.name} will give a verbal update",
        detail={"meeting": report.meeting_id, "deadline": _iso(report.deadline)},
    )
    return report


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _apply_content(report: SubgroupReport, content: SubgroupReportContent) -> list[str]:
    """Copy ``content`` onto ``report``; returns the names of the fields that changed."""
    if not subgroup_report_is_editable(report=report):
        reason = (
            "the clerk has recorded a verbal update"
            if report.status == SubgroupReport.Status.VERBAL
            else "the meeting has been held"
        )
        raise ValidationError(f"This report can no longer be changed: {reason}")
    restricted = content.security == SecurityClassification.RESTRICTED
    if restricted and content.exempt_paragraph is None:
        raise ValidationError({"exempt_paragraph": [
            "Choose the exempt paragraph that makes a restricted report exempt from publication"
        ]})
    values = {
        "title": content.title.strip(),
        "author": content.author.strip(),
        "contact": content.contact.strip(),
        "security": content.security,
        "exempt_paragraph": content.exempt_paragraph if restricted else None,
        "brief_update": content.brief_update.strip(),
        "key_challenges": content.key_challenges.strip(),
        "support_required": content.support_required.strip(),
        "appendices": content.appendices.strip(),
    }
    changed = [name for name, value in values.items() if getattr(report, name) != value]
    for name, value in values.items():
        setattr(report, name, value)
    return changed


@transaction.atomic
def subgroup_report_update(
    *, report: SubgroupReport, content: SubgroupReportContent, actor: Any,
    version: int | None = None,
) -> SubgroupReport:
    """Save ``content`` to ``report`` without changing its status ("Save as draft").

    A submitted report stays submitted. Raises ValidationError when a restricted
    report has no exempt paragraph, or the report can no longer be changed
    (meeting held, or marked verbal: selectors.subgroup_report_is_editable), and
    EditConflict when someone else saved the report since ``version`` (the version the
    editor read; None skips the check).
    """
    version_claim(obj=report, expected_version=version)
    changed = _apply_content(report, content)
    report.save()
    audit_entry_create(
        obj=report,
        action="subgroup_report_update",
        actor=actor,
        summary=f"Saved {report.subgroup.name}'s update report",
        detail={"changed": changed, "status": report.status},
    )
    return report


@transaction.atomic
def subgroup_report_submit(
    *,
    report: SubgroupReport,
    content: SubgroupReportContent,
    actor: Any,
    now: dt.datetime | None = None,
    version: int | None = None,
) -> SubgroupReport:
    """Save ``content`` and submit ``report`` to the clerk: status submitted, submitted_at now.

    Submitting after the deadline is allowed and recorded as late
    (selectors.subgroup_report_submitted_late). Submitting again after changes
    moves submitted_at on. The report's date becomes the day of submission.
    Raises ValidationError and EditConflict as subgroup_report_update does, or
    ValidationError when the brief update is empty (section 1 of the template is the
    report's substance).
    """
    now = now or timezone.now()
    if not content.brief_update.strip():
        raise ValidationError({"brief_update": [
            "Enter a brief update before submitting the report to the clerk"
        ]})
    if meeting_is_held(meeting=report.meeting, now=now):
        raise ValidationError("This report can no longer be changed: the meeting has been held")
    version_claim(obj=report, expected_version=version)
    changed = _apply_content(report, content)
    first = report.status != SubgroupReport.Status.SUBMITTED
    report.status = SubgroupReport.Status.SUBMITTED
    report.submitted_at = now
    report.report_date = timezone.localdate(now)
    if report.author_person_id is None and getattr(actor, "is_authenticated", False):
        report.author_person = getattr(actor, "person", None)
    report.save()
    late = subgroup_report_submitted_late(report=report)
    audit_entry_create(
        obj=report,
        action="subgroup_report_submit",
        actor=actor,
        summary=(
            f"Submitted {report.subgroup.name}'s update report to the clerk"
            f"{' after the deadline' if late else ''}"
        ),
        detail={
            "changed": changed,
            "late": late,
            "deadline": _iso(report.deadline),
            "resubmitted": not first,
        },
    )
    return report
