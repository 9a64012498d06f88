"""The tables of the subgroup update report pages, in the shapes ``{% govuk_table %}`` takes."""
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from boards.models import Board, Meeting
from boards.selectors import TableRows
from csp_portal.templatetags.govuk import govuk_time

from .models import SubgroupReport
from .selectors import SubgroupReportRow, subgroup_report_is_editable, subgroup_report_state


def _tag(state) -> str:
    return render_to_string("subgroups/_state_tag.html", {"state": state})


def _day(value) -> str:
    return dateformat.format(value, "j F Y") if value else ""


def _when(value) -> str:
    if value is None:
        return ""
    return f"{dateformat.format(timezone.localtime(value), 'j F Y')} at {govuk_time(value)}"


def report_requests_table(*, meeting: Meeting, rows: list[SubgroupReportRow]) -> TableRows:
    """The clerk's table: Subgroup, Status (tag with text), Deadline, Submitted, Agenda item,
    and a "Mark as verbal" button for a requested report not yet submitted.

    The buttons submit the form that wraps the table, each to its own report's
    URL (``formaction``), so the table needs no form of its own per row.
    """
    body = []
    for row in rows:
        report = row.report
        action = ""
        if report is not None and report.status == SubgroupReport.Status.REQUESTED:
            url = reverse("subgroups:report_mark_verbal",
                          args=[meeting.board.slug, meeting.pk, report.pk])
            action = format_html(
                '<button type="submit" formaction="{}" class="govuk-button '
                'govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">'
                'Mark as verbal<span class="govuk-visually-hidden"> update from {}</span>'
                "</button>",
                url, row.subgroup.name,
            )
        item = ""
        if report is not None and report.agenda_item is not None:
            item = f"{report.agenda_item.full_label} {report.agenda_item.title}"
        body.append([
            row.label or row.subgroup.name,
            _tag(row.state),
            {"text": _day(report.deadline) if report else "", "classes": "csp-nowrap"},
            _when(report.submitted_at) if report else "",
            item,
            action,
        ])
    head = ["Subgroup", "Status", "Deadline", "Submitted", "Agenda item",
            {"text": mark_safe('<span class="govuk-visually-hidden">Action</span>')}]
    return TableRows(head=head, rows=body)


def subgroup_reports_table(*, subgroup: Board, reports: list[SubgroupReport]) -> TableRows:
    """A subgroup's own reports: Meeting (date and board), Deadline, Status, and a link to
    write, change or view the report."""
    body = []
    for report in reports:
        state = subgroup_report_state(report=report)
        url = reverse("subgroups:report_edit", args=[subgroup.slug, report.pk])
        verb = "View"
        if subgroup_report_is_editable(report=report):
            verb = "Change" if report.status == SubgroupReport.Status.SUBMITTED else "Write"
        meeting = report.meeting
        body.append([
            format_html(
                '{}<br><span class="govuk-body-s">{}</span>',
                _day(timezone.localdate(meeting.start)), meeting.display_title,
            ),
            {"text": _day(report.deadline), "classes": "csp-nowrap"},
            _tag(state),
            format_html(
                '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> the report'
                " to the meeting of {}</span></a>",
                url, verb, _day(timezone.localdate(meeting.start)),
            ),
        ])
    head = ["Meeting", "Deadline", "Status",
            {"text": mark_safe('<span class="govuk-visually-hidden">Report</span>')}]
    return TableRows(head=head, rows=body)


def report_summary_rows(*, report: SubgroupReport, state) -> list[tuple[str, str]]:
    """The report page's summary list: Meeting, Deadline, Agenda item, Status (a tag),
    Submitted; rows with no value are left out by govuk_summary_list."""
    meeting = report.meeting
    item = report.agenda_item
    return [
        ("Meeting", f"{meeting.display_title}, {_day(timezone.localdate(meeting.start))}"),
        ("Deadline", _day(report.deadline)),
        ("Agenda item", f"{item.full_label} {item.title}" if item else ""),
        ("Status", _tag(state)),
        ("Submitted", _when(report.submitted_at)),
    ]
