"""Reminders: the weekly digest of leads' actions, subgroup report requests and reminders,
and "please submit your return" to officers. Run by celery beat and ``send_reminders``.

Each reminder's event key names the person and the week, report or period, so running
the job again (the next hour, or by hand) sends nothing new. "Today" is the demo clock's
(csp_portal.clock). DOMAIN.md: Action log; Subgroup reports; Indicators and returns.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from boards.access import Capability, user_boards_allowing
from boards.models import Meeting, Membership, Person, SupplementaryAgenda
from boards.publishing.deadlines import is_working_day
from csp_portal import clock
from indicators.models import Indicator
from indicators.performance import financial_year
from indicators.returns.selectors import due_period, indicators_return_missing
from subgroups.models import SubgroupReport

from . import publication
from .models import Frequency, Notification, Preference
from .sending import Email, emails_send, frequencies, portal_url, render_body

DIGEST_DAYS_AHEAD = 14
"""The digest lists open actions due within this many days, and every overdue one."""

REPORT_REMINDER_WORKING_DAYS = 3
"""A subgroup chair is reminded this many working days before the report's deadline."""



@dataclass(frozen=True)
class DigestLine:
    """One action in a digest; ``description`` is empty when the lead may not see it."""

    reference: str
    board: str
    description: str
    target: str
    overdue: bool
    url: str


def _restricted(action: Action) -> bool:
    item = action.raised_under
    return item is not None and item.restricted_by is not None


def _digest_line(action: Action, today: dt.date, visible: bool) -> DigestLine:
    return DigestLine(
        reference=action.log_reference, board=action.board.name,
        description=action.description if visible else "",
        target=action.target_display, overdue=action.target_date < today,
        url=portal_url(reverse("actions:action_detail", args=[action.board.slug, action.number])),
    )


def _agendas_for_digest_readers(today: dt.date) -> dict[int, list[Meeting]]:
    """Person pk → the meetings of their boards whose agenda was published in the seven days
    to ``today``, for the people who chose the weekly digest only (the others were emailed
    each agenda straight away). Three queries."""
    meetings = list(
        Meeting.objects.filter(
            publication_date__gt=today - dt.timedelta(days=7), publication_date__lte=today,
        ).exclude(status=Meeting.Status.PLANNED).select_related("board").order_by("start")
    )
    readers = set(
        Preference.objects.filter(frequency=Frequency.DIGEST).values_list("person_id", flat=True)
    )
    if not meetings or not readers:
        return {}
    by_board: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_board[meeting.board_id].append(meeting)
    agendas: dict[int, list[Meeting]] = defaultdict(list)
    seats = Membership.objects.current_on(timezone.localdate()).filter(board_id__in=by_board)
    for board_id, person_id, deputy_id in seats.values_list("board_id", "person_id", "deputy_id"):
        for pk in (person_id, deputy_id):
            if pk in readers:
                agendas[pk] += [m for m in by_board[board_id] if m not in agendas[pk]]
    return agendas


def action_digest_emails(*, today: dt.date) -> list[Email]:
    """One weekly digest per person with something in it: the open actions they lead that
    are overdue or due within DIGEST_DAYS_AHEAD days of ``today``, overdue first; and, for
    those who chose the digest only, the agendas of their boards published that week (the
    meeting and its link, never an item's title). Not for those who chose no emails. An
    action raised under a restricted item shows its description only to a lead who may see
    the board's members-only information (boards.access). Event key
    ``digest:<ISO week>:<person>``."""
    actions = list(
        Action.objects.filter(
            status=Action.Status.OPEN, merged_into__isnull=True, target_date__isnull=False,
            target_date__lte=today + dt.timedelta(days=DIGEST_DAYS_AHEAD),
            lead_people__isnull=False,
        ).distinct().select_related("board", "raised_under__parent")
        .prefetch_related(Prefetch("lead_people", queryset=Person.objects.select_related("user")))
        .order_by("target_date", "board__name", "number")
    )
    by_lead: dict[int, list[Action]] = defaultdict(list)
    leads: dict[int, Person] = {}
    for action in actions:
        for person in action.lead_people.all():
            leads[person.pk] = person
            by_lead[person.pk].append(action)
    agendas = _agendas_for_digest_readers(today)
    for person in Person.objects.filter(pk__in=set(agendas) - set(leads)).select_related("user"):
        leads[person.pk] = person
    wanted = frequencies(set(leads))
    year, week, _ = today.isocalendar()
    emails = []
    for pk, person in leads.items():
        if wanted[pk] == Frequency.NONE or not person.email:
            continue
        allowed = (
            user_boards_allowing(person.user, Capability.VIEW_MEMBERS) if person.user else set()
        )
        lines = [
            _digest_line(a, today, a.board_id in allowed or not _restricted(a))
            for a in by_lead[pk]
        ]
        overdue = [line for line in lines if line.overdue]
        due = [line for line in lines if not line.overdue]
        published = [
            (m, timezone.localtime(m.start), portal_url(
                reverse("boards:meeting_detail", args=[m.board.slug, m.pk])))
            for m in agendas.get(pk, [])
        ]
        if lines:
            subject = (f"Your actions: {len(overdue)} overdue, {len(due)} due in the next "
                       f"{DIGEST_DAYS_AHEAD} days")
        else:
            plural = "s" if len(published) > 1 else ""
            subject = f"This week: {len(published)} agenda{plural} published"
        emails.append(Email(
            event_key=f"digest:{year}-W{week:02d}:person:{pk}", kind=Notification.Kind.DIGEST,
            person=person, subject=subject,
            body=render_body("notifications/email/action_digest.txt", {
                "overdue": overdue, "due": due, "today": today, "days": DIGEST_DAYS_AHEAD,
                "has_actions": bool(lines), "published": published,
                "my_actions_url": portal_url(reverse("actions:my_actions")),
            }, person=person),
        ))
    return emails


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The working day ``count`` working days before ``day`` (boards.publishing.deadlines)."""
    while count:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def _chairs(board_ids: set[int]) -> dict[int, list[Person]]:
    current = Membership.objects.current_on(timezone.localdate()).filter(
        board_id__in=board_ids, role__in=[Membership.Role.CHAIR, Membership.Role.VICE_CHAIR],
    ).select_related("person", "deputy")
    chairs: dict[int, list[Person]] = defaultdict(list)
    for membership in current:
        for person in (membership.person, membership.deputy):
            if person is not None and person not in chairs[membership.board_id]:
                chairs[membership.board_id].append(person)
    return chairs


def subgroup_report_emails(*, today: dt.date, report_ids: list[int] | None = None
                           ) -> list[Email]:
    """For each report requested of a subgroup whose meeting is still to come: the request
    to its chairs and vice-chairs (event ``report_request:<report>:<person>``), and a
    reminder from REPORT_REMINDER_WORKING_DAYS working days before its deadline until the
    deadline (event ``report_reminder:<report>:<person>``). Immediate-email people only.
    ``report_ids`` limits them to those reports."""
    reports = SubgroupReport.objects.filter(
        status=SubgroupReport.Status.REQUESTED, meeting__start__date__gte=today,
    ).select_related("subgroup", "meeting__board")
    if report_ids is not None:
        reports = reports.filter(pk__in=report_ids)
    reports = list(reports)
    chairs = _chairs({r.subgroup_id for r in reports})
    wanted = frequencies({p.pk for people in chairs.values() for p in people})
    emails = []
    for report in reports:
        meeting = report.meeting
        context = {
            "report": report, "meeting": meeting, "board": meeting.board,
            "start": timezone.localtime(meeting.start),
            "edit_url": portal_url(reverse("subgroups:report_list", args=[report.subgroup.slug])),
        }
        remind = report.deadline is not None and (
            working_days_before(report.deadline, REPORT_REMINDER_WORKING_DAYS)
            <= today <= report.deadline
        )
        for person in chairs.get(report.subgroup_id, []):
            if wanted[person.pk] != Frequency.IMMEDIATE:
                continue
            emails.append(Email(
                event_key=f"report_request:{report.pk}:person:{person.pk}",
                kind=Notification.Kind.REPORT_REQUEST, person=person,
                subject=f"Report requested: {report.subgroup.name} to {meeting.board.name}",
                body=render_body("notifications/email/report_request.txt",
                                 {**context, "reminder": False}, person=person),
            ))
            if remind:
                emails.append(Email(
                    event_key=f"report_reminder:{report.pk}:person:{person.pk}",
                    kind=Notification.Kind.REPORT_REMINDER, person=person,
                    subject=f"Reminder: {report.subgroup.name} report due "
                            f"{report.deadline:%-d %B %Y}",
                    body=render_body("notifications/email/report_request.txt",
                                     {**context, "reminder": True}, person=person),
                ))
    return emails


def report_requests_send(*, report_ids: list[int]) -> list[Email]:
    """Send the requests (and any reminder due) of the SubgroupReports ``report_ids`` now,
    as the clerk asks for them; returns those sent."""
    return emails_send(subgroup_report_emails(today=clock.today(), report_ids=report_ids))


def return_reminder_emails(*, today: dt.date) -> list[Email]:
    """"Please submit your return": one email per person and period listing the indicators
    whose return for the period due (``due_period``) is not yet submitted, to the
    indicator's lead and the officers of the subgroup that owns it. Immediate-email people
    only. Event key ``returns:<period>:<person>``."""
    missing = indicators_return_missing(
        indicators=Indicator.objects.filter(in_development=False)
        .select_related("board", "owning_subgroup", "lead_person"),
        today=today,
    )
    officers: dict[int, list[Person]] = defaultdict(list)
    for membership in Membership.objects.current_on(timezone.localdate()).filter(
        board_id__in={i.owning_subgroup_id for i in missing}, role=Membership.Role.OFFICER,
    ).select_related("person", "deputy"):
        for person in (membership.person, membership.deputy):
            if person is not None:
                officers[membership.board_id].append(person)
    owed: dict[tuple[int, dt.date], list[Indicator]] = defaultdict(list)
    people: dict[int, Person] = {}
    for indicator in missing:
        period = due_period(indicator, today)
        for person in [indicator.lead_person, *officers.get(indicator.owning_subgroup_id, [])]:
            if person is not None and indicator not in owed[(person.pk, period)]:
                people[person.pk] = person
                owed[(person.pk, period)].append(indicator)
    wanted = frequencies(set(people))
    emails = []
    for (pk, period), owed_indicators in owed.items():
        if wanted[pk] != Frequency.IMMEDIATE:
            continue
        person = people[pk]
        emails.append(Email(
            event_key=f"returns:{period:%Y-%m}:person:{pk}",
            kind=Notification.Kind.RETURN_REMINDER, person=person,
            subject=f"Please submit your return for {period:%B %Y}",
            body=render_body("notifications/email/return_reminder.txt", {
                "period": period, "board": None,
                "indicators": [
                    (i, portal_url(reverse("indicators:return_grid", args=[
                        i.board.slug, i.reference, financial_year(period).start_year,
                    ])))
                    for i in owed_indicators
                ],
            }, person=person),
        ))
    return emails


RECENT_PUBLICATIONS = dt.timedelta(days=2)
"""Agendas and supplements published this recently are sent by the reminders run too, in
case their own task was never queued (the broker was down); event keys stop a second send."""


def recent_publication_emails(*, now: dt.datetime | None = None) -> list[Email]:
    """The agenda and supplement notices (notifications.publication) of what was published
    in the RECENT_PUBLICATIONS before ``now`` (the real time, default now)."""
    since = (now or timezone.now()) - RECENT_PUBLICATIONS
    emails: list[Email] = []
    for meeting in Meeting.objects.filter(published_at__gte=since).select_related("board"):
        emails += publication.agenda_published_emails(meeting=meeting)
    for supplement in SupplementaryAgenda.objects.filter(
        published_at__gte=since
    ).select_related("meeting__board"):
        emails += publication.supplement_published_emails(supplement=supplement)
    return emails


def reminder_emails(*, today: dt.date | None = None) -> list[Email]:
    """Every reminder due on ``today`` (default the demo clock's today), digests first, and
    the notices of recent publications not yet sent."""
    today = today or clock.today()
    return [
        *recent_publication_emails(),
        *action_digest_emails(today=today),
        *subgroup_report_emails(today=today),
        *return_reminder_emails(today=today),
    ]


def reminders_send(*, today: dt.date | None = None, dry_run: bool = False) -> list[Email]:
    """Send every reminder due on ``today`` not sent before (notifications.sending.emails_send);
    returns those sent, or with ``dry_run`` those that would be, sending nothing."""
    return emails_send(reminder_emails(today=today), dry_run=dry_run)
