"""The signed-in person's own tasks for the home page, across every app.

This package sits above boards, actions, subgroups, indicators and notifications (apps
import downward only): the boards' home page shows the tasks through the ``home_tasks``
template tag. "Today" is the demo clock's (csp_portal.clock). A constant number of queries
whatever the number of boards or tasks: the roles (two), then one per list.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from boards.access import Capability, Role, capabilities_of, user_roles_by_board
from boards.models import Meeting, Membership
from boards.publishing.deadlines import publication_deadline
from csp_portal import clock
from indicators.models import Indicator, IndicatorReturn
from indicators.performance import financial_year
from indicators.returns.selectors import due_period, indicators_return_missing
from subgroups.models import SubgroupReport

REPORT_WRITER_ROLES = (
    Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.OFFICER,
)

LIMIT = 10
"""At most this many entries in each list (the count says how many there are in all)."""


@dataclass(frozen=True)
class Task:
    """One thing to do: ``text`` links to ``url``; ``detail`` says when (e.g. the deadline);
    ``urgent`` marks what is overdue or late."""

    text: str
    url: str
    detail: str = ""
    urgent: bool = False


@dataclass
class TaskList:
    """A heading's tasks (at most LIMIT) and how many there are in all."""

    heading: str
    tasks: list[Task] = field(default_factory=list)
    total: int = 0


def _boards_allowing(roles_by_board: dict, capability: Capability) -> set[int]:
    return {pk for pk, roles in roles_by_board.items() if capability in capabilities_of(roles)}


def _when(meeting: Meeting) -> str:
    return f"{meeting.board.name}, {meeting.start:%-d %B %Y}"


def _minutes_to_record(boards: set[int], now: dt.datetime) -> TaskList:
    meetings = list(
        Meeting.objects.filter(
            board_id__in=boards, start__lte=now,
            status__in=[Meeting.Status.AGENDA_PUBLISHED, Meeting.Status.HELD],
        ).select_related("board").order_by("-start")[:LIMIT + 1]
    )
    return TaskList("Minutes to record", [
        Task(_when(m), reverse("boards:minutes_record", args=[m.board.slug, m.pk]))
        for m in meetings[:LIMIT]
    ], len(meetings))


def _actions_led(user, boards: set[int], today: dt.date) -> TaskList:
    actions = list(
        Action.objects.filter(
            status=Action.Status.OPEN, merged_into__isnull=True, lead_people__user=user,
            board_id__in=boards,
        ).select_related("board").order_by("target_date", "board__name", "number")
    )
    # Overdue first, then by target date; "Date TBC" (no date) last.
    actions.sort(key=lambda a: (
        not (a.target_date and a.target_date < today), a.target_date is None,
        a.target_date or dt.date.max,
    ))
    return TaskList("Actions you lead", [
        Task(
            f"{a.board.name} action {a.log_reference}: {a.description[:100]}",
            reverse("actions:action_detail", args=[a.board.slug, a.number]),
            f"Due {a.target_display}", urgent=bool(a.target_date and a.target_date < today),
        )
        for a in actions[:LIMIT]
    ], len(actions))


def _reports_requested(boards: set[int], today: dt.date) -> TaskList:
    reports = list(
        SubgroupReport.objects.filter(
            subgroup_id__in=boards, status=SubgroupReport.Status.REQUESTED,
            meeting__start__date__gte=today,
        ).select_related("subgroup", "meeting__board").order_by("deadline", "meeting__start")
        [:LIMIT + 1]
    )
    return TaskList("Reports requested of you", [
        Task(
            f"{r.subgroup.name} report to {_when(r.meeting)}",
            reverse("subgroups:report_edit", args=[r.subgroup.slug, r.pk]),
            f"Due {r.deadline:%-d %B %Y}" if r.deadline else "",
            urgent=bool(r.deadline and r.deadline < today),
        )
        for r in reports[:LIMIT]
    ], len(reports))


def _returns_to_submit(user, edit_boards: set[int], today: dt.date) -> TaskList:
    missing = indicators_return_missing(
        indicators=Indicator.objects.filter(
            Q(owning_subgroup_id__in=edit_boards) | Q(lead_person__user=user),
            in_development=False,
        ).select_related("board").order_by("board__name", "position", "reference"),
        today=today,
    )

    return TaskList("Returns to submit", [
        Task(
            f"{i.reference} {i.name}",
            reverse("indicators:return_grid", args=[
                i.board.slug, i.reference, financial_year(due_period(i, today)).start_year,
            ]),
            f"{due_period(i, today):%B %Y}",
        )
        for i in missing[:LIMIT]
    ], len(missing))


def _returns_to_approve(user, approve_boards: set[int]) -> TaskList:
    waiting = list(
        IndicatorReturn.objects.filter(
            indicator__board_id__in=approve_boards, status=IndicatorReturn.Status.SUBMITTED,
        ).exclude(Q(submitted_by=user)).select_related("indicator__board")
        .order_by("indicator__board__name", "indicator__position", "period")[:LIMIT + 1]
    )
    return TaskList("Returns to approve", [
        Task(
            f"{r.indicator.reference} {r.indicator.name}",
            reverse("indicators:return_approvals", args=[r.indicator.board.slug]),
            f"{r.period:%B %Y}",
        )
        for r in waiting[:LIMIT]
    ], len(waiting))


def _packs_to_publish(boards: set[int], now: dt.datetime, today: dt.date) -> TaskList:
    meetings = list(
        Meeting.objects.filter(
            board_id__in=boards, status=Meeting.Status.PLANNED, start__gte=now,
        ).select_related("board").order_by("start")[:LIMIT + 1]
    )
    tasks = []
    for m in meetings[:LIMIT]:
        deadline = publication_deadline(meeting_day=m.start.date())
        tasks.append(Task(
            _when(m), reverse("boards:meeting_publish", args=[m.board.slug, m.pk]),
            f"Publish by {deadline:%-d %B %Y}", urgent=deadline < today,
        ))
    return TaskList("Agenda packs to publish", tasks, len(meetings))


def _return_enterers(roles_by_board: dict) -> set[int]:
    """Boards whose returns the user enters: as an officer, chair or analyst there; a clerk
    above, who may edit them too, is not asked for them."""
    enterers = {Role.OFFICER, Role.CHAIR, Role.ANALYST}
    return {pk for pk, roles in roles_by_board.items() if roles & enterers}


def person_tasks(*, user) -> list[TaskList]:
    """The signed-in ``user``'s task lists that have anything in them, in the order of the
    home page: minutes to record, actions they lead (overdue first), reports requested of
    them, returns to submit and to approve, packs to publish. Empty for anonymous users.

    Minutes, approvals and packs come from the user's capabilities on each board
    (boards.access): RECORD_MINUTES, APPROVE_RETURNS (not their own submissions) and
    MANAGE_MEETINGS; returns to submit are those of indicators they lead or whose owning
    subgroup they are an officer, chair or analyst of; reports are asked of a chair,
    vice-chair or officer seat on the subgroup.
    Staff, who hold every role to administer the portal, get only the actions they lead.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    roles = user_roles_by_board(user)
    member_of = set(roles)
    if user.is_staff or user.is_superuser:
        roles = {}
    today, now = clock.today(), clock.now()

    def allowing(capability: Capability) -> set[int]:
        return _boards_allowing(roles, capability)

    lists = [
        _minutes_to_record(allowing(Capability.RECORD_MINUTES), now),
        _actions_led(user, member_of, today),
        _reports_requested(_report_writer_boards(user), today),
        _returns_to_submit(user, _return_enterers(roles), today),
        _returns_to_approve(user, allowing(Capability.APPROVE_RETURNS)),
        _packs_to_publish(allowing(Capability.MANAGE_MEETINGS), now, today),
    ]
    return [task_list for task_list in lists if task_list.total]


def _report_writer_boards(user) -> set[int]:
    """Boards on whose reports the user writes: a current chair, vice-chair or officer
    seat of the board itself (not a clerk above it, who asked for the report). One query."""
    return set(
        Membership.objects.current_on(timezone.localdate())
        .filter(Q(person__user=user) | Q(deputy__user=user), role__in=REPORT_WRITER_ROLES)
        .values_list("board_id", flat=True)
    )
