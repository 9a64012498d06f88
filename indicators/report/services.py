"""Writes for the performance report printed on its own (DOMAIN.md: the performance report).

A render is requested here (a PerformanceReportRender, queued, and the Celery
task ``indicators.render_performance_report`` queued once the transaction
commits); the worker then does the work in indicators.report.render. Every
change is audited.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csp_portal.audit import audit_entry_create
from csp_portal.renders import render_enqueue, render_replace
from indicators.models import PerformanceReport, PerformanceReportRender
from indicators.tasks import render_performance_report

TABLED_REPORT_TITLE = "Performance report"
"""The title of a performance report made by tabling it from an agenda item."""


@transaction.atomic
def performance_report_table(
    *, agenda_item, as_at: dt.date | None, actor
) -> PerformanceReport | None:
    """Table the board's performance report "as at" ``as_at`` under ``agenda_item`` (a
    boards.AgendaItem), or with ``as_at`` None table none there.

    ``as_at`` is the first day of the last month reported. The board's report for
    that month not tabled under another item is reused (keeping its narrative and
    executive summary); else one is made, titled TABLED_REPORT_TITLE. Any other
    report tabled under the item stops being tabled there (it is kept). Returns the
    tabled report or None. Audited when anything changes. Raises
    ValidationError({"performance_report_as_at": ...}) for a day other than the 1st.
    """
    if as_at is not None and as_at.day != 1:
        raise ValidationError({"performance_report_as_at": "Choose the month the report is as at"})
    board = agenda_item.meeting.board
    tabled = list(PerformanceReport.objects.select_for_update().filter(agenda_item=agenda_item))
    keep = next((r for r in tabled if r.as_at == as_at), None)
    for report in tabled:
        if report is not keep:
            report.agenda_item = None
            report.save(update_fields=["agenda_item"])
            audit_entry_create(
                obj=report, action="performance_report.untabled", actor=actor,
                summary=f"{report} no longer tabled under item {agenda_item.full_label}"[:255],
                detail={"agenda_item": agenda_item.pk},
            )
    if as_at is None or keep is not None:
        return keep
    report = (
        PerformanceReport.objects.select_for_update()
        .filter(board=board, as_at=as_at, agenda_item__isnull=True).order_by("-pk").first()
    )
    created = report is None
    if created:
        report = PerformanceReport.objects.create(board=board, as_at=as_at,
                                                  title=TABLED_REPORT_TITLE)
    report.agenda_item = agenda_item
    report.save(update_fields=["agenda_item"])
    audit_entry_create(
        obj=report, action="performance_report.tabled", actor=actor,
        summary=f"{report} tabled under item {agenda_item.full_label} of "
        f"{agenda_item.meeting}"[:255],
        detail={"agenda_item": agenda_item.pk, "as_at": as_at.isoformat(), "created": created},
    )
    return report


def performance_report_render_request(
    *, report: PerformanceReport, actor=None
) -> PerformanceReportRender:
    """Ask the worker for a PDF of ``report`` on its own.

    Creates a queued PerformanceReportRender, audits the request and hands the
    render task to the broker after the current transaction commits (in-process
    when no broker is configured; sent later by the beat task when the broker is
    down, csp_portal.renders). ``actor`` is a user or None (a command).
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    render = PerformanceReportRender.objects.create(report=report, requested_by=actor)
    audit_entry_create(
        obj=render,
        action="performance_report_render.requested",
        actor=actor,
        summary=f"PDF requested of {report}",
        detail={"report": report.pk, "status": [None, "queued"]},
    )
    render_enqueue(render=render, task=render_performance_report,
                   action_prefix="performance_report_render")
    return render


def performance_report_executive_summary_save(
    *, report: PerformanceReport, text: str, actor, approve: bool = False
) -> PerformanceReport:
    """Save the analyst's executive summary of ``report``; with ``approve`` also approve it.

    Saving changed text withdraws an earlier approval: only approved text prints
    (PerformanceReport.approved_executive_summary); until then the report prints
    the summary drafted from the ratings. Who may approve (APPROVE_RETURNS) is the
    view's check. Raises ValidationError({"text": ...}) when approving empty text.
    Audited.
    """
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    if approve and not text:
        raise ValidationError({"text": "Write the executive summary before approving it"})
    changed = text != report.executive_summary
    with transaction.atomic():
        report.executive_summary = text
        if changed:
            report.executive_summary_approved_at = None
            report.executive_summary_approved_by = None
        if approve:
            report.executive_summary_approved_at = timezone.now()
            report.executive_summary_approved_by = actor
        report.save(update_fields=["executive_summary", "executive_summary_approved_at",
                                   "executive_summary_approved_by"])
        audit_entry_create(
            obj=report,
            action=("performance_report.executive_summary_approved" if approve
                    else "performance_report.executive_summary_saved"),
            actor=actor,
            summary=f"{'Approved' if approve else 'Saved'} the executive summary of {report}"[
                :255],
            detail={"changed": changed, "approved": approve},
        )
    return report


def performance_report_render_again(
    *, render: PerformanceReportRender, actor
) -> PerformanceReportRender:
    """"Render again" for a failed or stuck report render: a new request for the same report.

    A stuck render is failed as replaced (csp_portal.renders.render_replace).
    Returns the new render. Raises ValueError for a ready render or one still
    under way.
    """
    return render_replace(
        render=render, actor=actor, action_prefix="performance_report_render",
        subject=f"PDF of {render.report}",
        request_new=lambda: performance_report_render_request(report=render.report, actor=actor),
    )
