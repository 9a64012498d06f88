"""Reads for subgroup update reports (DOMAIN.md: A meeting's life, step 4).

The clerk's request page reads a meeting's subgroups and their reports; a
subgroup's officers read their own reports. Every selector that returns a
report takes the board the URL names and 404s on another board's report, so a
restricted report never reaches a page of a board it does not belong to.
"""
import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from boards.models import AgendaItem, Board, Meeting, agenda_tree
from csp_portal import clock

from .models import SubgroupReport

HELD_STATUSES = (Meeting.Status.HELD, Meeting.Status.MINUTES_CONFIRMED)


@dataclass(frozen=True)
class ReportState:
    """Where a subgroup's report for a meeting stands, for a status tag.

    ``key`` is one of not_requested, requested, late, submitted,
    submitted_late, verbal; ``label`` is the tag's text and ``colour`` a
    govuk_status_tag colour ("red" for late, so it is never the default blue).
    """

    key: str
    label: str
    colour: str


NOT_REQUESTED = ReportState("not_requested", "Not requested", "grey")
REQUESTED = ReportState("requested", "Requested", "blue")
LATE = ReportState("late", "Late", "red")
SUBMITTED = ReportState("submitted", "Submitted", "green")
SUBMITTED_LATE = ReportState("submitted_late", "Submitted late", "orange")
VERBAL = ReportState("verbal", "Verbal update", "purple")


def subgroup_report_submitted_late(*, report: SubgroupReport) -> bool:
    """True when ``report`` was submitted after its deadline (a date, Europe/London).

    Late submission is allowed (DOMAIN.md says only that the clerk collects
    reports before publication), but it is recorded and shown.
    """
    if report.submitted_at is None or report.deadline is None:
        return False
    return timezone.localdate(report.submitted_at) > report.deadline


def subgroup_report_state(
    *, report: SubgroupReport | None, today: dt.date | None = None
) -> ReportState:
    """The ReportState of ``report`` on ``today`` (default: today in Europe/London).

    None → not requested. A requested report whose deadline has passed is late.
    """
    if report is None:
        return NOT_REQUESTED
    if report.status == SubgroupReport.Status.VERBAL:
        return VERBAL
    if report.status == SubgroupReport.Status.SUBMITTED:
        return SUBMITTED_LATE if subgroup_report_submitted_late(report=report) else SUBMITTED
    today = today or clock.today()
    if report.deadline is not None and report.deadline < today:
        return LATE
    return REQUESTED


def meeting_is_held(*, meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """True once the meeting has started or is recorded as held (or its minutes confirmed)."""
    now = now or timezone.now()
    return meeting.status in HELD_STATUSES or meeting.start <= now


def subgroup_report_is_editable(
    *, report: SubgroupReport, now: dt.datetime | None = None
) -> bool:
    """True while the subgroup's officers may still write or change ``report``.

    Until the meeting is held, unless the clerk has recorded a verbal update.
    """
    if report.status == SubgroupReport.Status.VERBAL:
        return False
    return not meeting_is_held(meeting=report.meeting, now=now)


# --- The clerk's request page -----------------------------------------------------------------


def board_meeting_get(*, board: Board, pk: int) -> Meeting:
    """``board``'s meeting ``pk`` with its board; raises Http404 for another board's meeting."""
    meeting = Meeting.objects.select_related("board").filter(board=board, pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


@dataclass
class SubgroupReportRow:
    """One subgroup on the clerk's request page: its report (None if not asked) and state.

    ``label`` names the subgroup as the page shows it: its name, after the boards
    between it and the meeting's board for one further down ("VAWG: MARAC Steering Group").
    """

    subgroup: Board
    report: SubgroupReport | None
    state: ReportState
    label: str = ""


def meeting_subgroup_report_rows(
    *, meeting: Meeting, today: dt.date | None = None
) -> list[SubgroupReportRow]:
    """Every board below the meeting's board, at any depth, with its report: each
    subgroup by name, followed by the boards below it (issue 10: "Report requests can go to
    any board below, at any depth").

    A board that has a report for the meeting but no longer reports to the
    board is listed too, so no report is lost from view. Two queries whatever
    the number of subgroups.
    """
    today = today or clock.today()
    reports = {
        r.subgroup_id: r
        for r in SubgroupReport.objects.filter(meeting=meeting).select_related(
            "subgroup", "agenda_item__parent"
        )
    }
    boards = {b.pk: b for b in Board.objects.all()}
    children: dict[int | None, list[Board]] = {}
    for board in boards.values():
        children.setdefault(board.parent_id, []).append(board)
    ordered: list[tuple[Board, str]] = []

    def walk(parent_pk: int, prefix: str) -> None:
        for board in sorted(children.get(parent_pk, []), key=lambda b: b.name.lower()):
            if any(board is seen for seen, _ in ordered):
                continue  # a loop in the tree
            label = f"{prefix}{board.name}"
            ordered.append((board, label))
            walk(board.pk, f"{prefix}{board.short_name or board.name}: ")

    walk(meeting.board_id, "")
    listed = {board.pk for board, _ in ordered}
    for report in sorted(reports.values(), key=lambda r: r.subgroup.name.lower()):
        if report.subgroup_id not in listed:
            ordered.append((report.subgroup, report.subgroup.name))
    return [
        SubgroupReportRow(
            subgroup=board, report=reports.get(board.pk), label=label,
            state=subgroup_report_state(report=reports.get(board.pk), today=today),
        )
        for board, label in ordered
    ]


def meeting_agenda_items(*, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items and sub-items in agenda order (6, 6(i), 6(ii), 7…). One query."""
    items = list(meeting.agenda_items.select_related("parent"))
    return [item for top, subs in agenda_tree(items) for item in (top, *subs)]


def meeting_subgroup_report_get(*, meeting: Meeting, pk: int) -> SubgroupReport:
    """The meeting's report ``pk``; raises Http404 for another meeting's report."""
    report = (
        SubgroupReport.objects.select_related("subgroup", "meeting__board")
        .filter(meeting=meeting, pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such report.")
    return report


# --- A subgroup's own reports -----------------------------------------------------------------


def subgroup_report_get(*, subgroup: Board, pk: int) -> SubgroupReport:
    """``subgroup``'s report ``pk`` with its meeting, board and agenda item.

    Raises Http404 for another subgroup's report.
    """
    report = (
        SubgroupReport.objects.select_related(
            "subgroup", "meeting__board", "agenda_item__parent", "author_person"
        )
        .filter(subgroup=subgroup, pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such report.")
    return report


def subgroup_reports(*, subgroup: Board) -> QuerySet[SubgroupReport]:
    """``subgroup``'s reports, the latest meeting first, with meeting and board selected."""
    return (
        SubgroupReport.objects.filter(subgroup=subgroup)
        .select_related("meeting__board", "subgroup")
        .order_by("-meeting__start", "pk")
    )
