"""Reads for the board, meeting and paper pages.

Every selector that can return members-only information takes ``is_member``
(see boards.access) and leaves that information out, or raises Http404, for
non-members: restricted content never reaches a template that could print it
(DOMAIN.md: Publication and access rules).
"""
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html

from csp_portal.renders import render_is_stuck, render_waiting_for_broker
from csp_portal.templatetags.govuk import govuk_time
from subgroups.models import SubgroupReport

from .access import member_board_ids
from .models import (
    AgendaItem,
    Attendance,
    Board,
    Meeting,
    Membership,
    PackRender,
    Paper,
    SecurityClassification,
)

PUBLISHED_STATUSES = (
    Meeting.Status.AGENDA_PUBLISHED,
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_CONFIRMED,
)
"""Meeting statuses anyone may see: the agenda is public from publication (LGA 1972 Part VA)."""

ROLE_ORDER = [
    Membership.Role.CHAIR,
    Membership.Role.VICE_CHAIR,
    Membership.Role.MEMBER,
    Membership.Role.ADVISER,
    Membership.Role.OFFICER,
    Membership.Role.ANALYST,
    Membership.Role.CLERK,
    Membership.Role.MINUTE_TAKER,
]

ATTENDANCE_ORDER = [
    Attendance.Status.PRESENT,
    Attendance.Status.IN_ATTENDANCE,
    Attendance.Status.APOLOGIES,
    Attendance.Status.ABSENT,
]


def meeting_is_visible(*, meeting: Meeting, is_member: bool) -> bool:
    """Members see every meeting; others only those whose agenda is published."""
    return is_member or meeting.status in PUBLISHED_STATUSES


# --- The board list -------------------------------------------------------------------------


@dataclass
class BoardNode:
    """A board in the tree, with up to ``per_board`` upcoming and recent meetings.

    ``upcoming`` runs soonest first; ``recent`` most recent first.
    """

    board: Board
    children: list["BoardNode"] = field(default_factory=list)
    upcoming: list[Meeting] = field(default_factory=list)
    recent: list[Meeting] = field(default_factory=list)


def _meetings_around(
    *, visible: Q, now: dt.datetime, per_board: int, upcoming: bool
) -> QuerySet[Meeting]:
    order = F("start").asc() if upcoming else F("start").desc()
    return (
        Meeting.objects.filter(visible, **{"start__gte" if upcoming else "start__lt": now})
        .annotate(row=Window(RowNumber(), partition_by=[F("board_id")], order_by=order))
        .filter(row__lte=per_board)
        .order_by("board_id", order)
    )


def board_tree(*, user, now: dt.datetime | None = None, per_board: int = 3) -> list[BoardNode]:
    """Every board as a forest (roots first, children by name), with their meetings.

    A non-member of a board sees only its published meetings. Four queries
    whatever the number of boards.
    """
    now = now or timezone.now()
    boards = list(Board.objects.select_related("kind").order_by("name"))
    members_of = member_board_ids(user, boards)
    visible = Q(status__in=PUBLISHED_STATUSES) | Q(board_id__in=members_of)
    nodes = {b.pk: BoardNode(board=b) for b in boards}
    for meeting in _meetings_around(visible=visible, now=now, per_board=per_board, upcoming=True):
        nodes[meeting.board_id].upcoming.append(meeting)
    for meeting in _meetings_around(visible=visible, now=now, per_board=per_board, upcoming=False):
        nodes[meeting.board_id].recent.append(meeting)
    roots: list[BoardNode] = []
    for board in boards:
        parent = nodes.get(board.parent_id) if board.parent_id else None
        (parent.children if parent else roots).append(nodes[board.pk])
    roots.sort(key=lambda n: (n.board.kind.position, n.board.name))
    return roots


# --- A board ----------------------------------------------------------------------------------


def board_current_memberships(*, board: Board, on: dt.date | None = None) -> list[Membership]:
    """The board's memberships current ``on`` (default today), chair first, then by name."""
    on = on or timezone.localdate()
    rank = Case(
        *(When(role=role, then=Value(i)) for i, role in enumerate(ROLE_ORDER)),
        default=Value(len(ROLE_ORDER)),
        output_field=IntegerField(),
    )
    return list(
        board.memberships.current_on(on)
        .select_related("person__organisation", "organisation", "deputy")
        .annotate(role_rank=rank)
        .order_by("role_rank", "person__name", "organisation__name")
    )


def board_meetings(
    *, board: Board, is_member: bool, now: dt.datetime | None = None
) -> tuple[list[Meeting], list[Meeting]]:
    """(planned, past): meetings from ``now`` on, soonest first, and before it, latest first.

    Non-members see only published meetings.
    """
    now = now or timezone.now()
    meetings = board.meetings.all()
    if not is_member:
        meetings = meetings.filter(status__in=PUBLISHED_STATUSES)
    planned = list(meetings.filter(start__gte=now).order_by("start"))
    past = list(meetings.filter(start__lt=now).order_by("-start"))
    return planned, past


def board_children(*, board: Board) -> list[Board]:
    """Boards reporting directly to ``board``, by name."""
    return list(board.children.order_by("name"))


@dataclass
class TableRows:
    """Column headings and rows in the shapes ``{% govuk_table %}`` takes (see
    csp_portal.templatetags.govuk.govuk_table): ``head`` a list of cells, ``rows``
    a list of lists of cells, each cell plain text or safe HTML."""

    head: list[Any]
    rows: list[list[Any]]


def board_meeting_table(*, board: Board, meetings: list[Meeting]) -> TableRows:
    """``meetings`` as the board page's table, in the order given.

    Columns: Date (a link to the meeting page, kept on one line), Time, Meeting
    (the title, or "Board meeting"), Venue, Status (a tag coloured as on the
    meeting page, by templates/boards/_meeting_status.html).
    """
    rows = []
    for meeting in meetings:
        href = reverse("boards:meeting_detail", args=[board.slug, meeting.pk])
        day = dateformat.format(timezone.localtime(meeting.start), "j F Y")
        rows.append([
            {"text": format_html('<a class="govuk-link" href="{}">{}</a>', href, day),
             "classes": "csp-nowrap"},
            govuk_time(meeting.start),
            meeting.title or "Board meeting",
            meeting.venue,
            render_to_string("boards/_meeting_status.html", {"meeting": meeting}),
        ])
    return TableRows(head=["Date", "Time", "Meeting", "Venue", "Status"], rows=rows)


def board_membership_table(*, memberships: list[Membership]) -> TableRows:
    """``memberships`` as the board page's members table, in the order given; the
    name heads each row.

    Columns: Name, Role (with the title on the board in brackets, if any), Post,
    Organisation (blank for none). An organisation's seat is named by its
    representative (and deputy), or by the organisation when it names no one.
    Expects ``person__organisation``, ``organisation`` and ``deputy`` selected, as
    board_current_memberships does.
    """
    rows = []
    for membership in memberships:
        person = membership.person
        role = membership.get_role_display()
        if membership.title_on_board:
            role = f"{role} ({membership.title_on_board})"
        if membership.organisation_id:
            name = person.name if person else f"{membership.organisation.name} (no one named)"
            if membership.deputy_id:
                name = f"{name}; deputy {membership.deputy.name}"
            organisation = membership.organisation.name
        else:
            name = person.name
            organisation = person.organisation.name if person.organisation else ""
        rows.append([name, role, person.post_title if person else "", organisation])
    return TableRows(head=["Name", "Role", "Post", "Organisation"], rows=rows)


# --- A meeting --------------------------------------------------------------------------------


def meeting_get(*, board: Board, pk: int, is_member: bool) -> Meeting:
    """The board's meeting ``pk``; raises Http404 if missing or not visible (meeting_is_visible)."""
    meeting = (
        Meeting.objects.select_related("board", "contact_officer", "chaired_by")
        .filter(board=board, pk=pk)
        .first()
    )
    if meeting is None or not meeting_is_visible(meeting=meeting, is_member=is_member):
        raise Http404("No such meeting.")
    return meeting


@dataclass
class PaperEntry:
    """A paper as the agenda lists it. ``exempt_paragraph`` set means restricted.

    For non-members a restricted paper keeps only its title and paragraph.
    """

    pk: int
    title: str
    appendix_label: str
    exempt_paragraph: int | None
    viewable: bool


@dataclass
class ReportEntry:
    """A subgroup update report or performance report listed under its item.

    ``body`` holds the four template sections as (heading, text) pairs, empty
    for a restricted report seen by a non-member.
    """

    title: str
    status: str
    status_display: str
    exempt_paragraph: int | None
    body: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class AgendaEntry:
    """One agenda item or sub-item, ready to print.

    ``exempt_paragraph`` is set for a restricted item (or a sub-item of one).
    ``redacted`` is True when the viewer is not a member: then ``description``,
    ``presenter``, papers' links and reports' bodies are empty.
    """

    pk: int
    label: str
    title: str
    exempt_paragraph: int | None
    redacted: bool
    description: str = ""
    presenter: str = ""
    purpose: str = ""
    minutes_allowed: int | None = None
    is_verbal: bool = False
    supplement_number: int | None = None
    papers: list[PaperEntry] = field(default_factory=list)
    reports: list[ReportEntry] = field(default_factory=list)
    sub_items: list["AgendaEntry"] = field(default_factory=list)

    @property
    def details(self) -> list[str]:
        """["Presenter: …", "For decision", "10 minutes", "Verbal", "Late item in
        supplementary agenda 1"], each only when known."""
        parts = [f"Presenter: {self.presenter}"] if self.presenter else []
        if self.purpose:
            parts.append(self.purpose)
        if self.minutes_allowed:
            parts.append(f"{self.minutes_allowed} minutes")
        if self.is_verbal:
            parts.append("Verbal")
        if self.supplement_number:
            parts.append(f"Late item in supplementary agenda {self.supplement_number}")
        return parts


def _paper_entry(paper: Paper, item_paragraph: int | None, is_member: bool) -> PaperEntry:
    paragraph = item_paragraph
    if paper.security == SecurityClassification.RESTRICTED:
        paragraph = paper.exempt_paragraph
    return PaperEntry(
        pk=paper.pk,
        title=paper.title,
        appendix_label=paper.appendix_label,
        exempt_paragraph=paragraph,
        viewable=paragraph is None or is_member,
    )


def _subgroup_report_entry(report: SubgroupReport, item_paragraph: int | None, is_member: bool):
    paragraph = report.exempt_paragraph if report.is_restricted else item_paragraph
    body: list[tuple[str, str]] = []
    if report.status == SubgroupReport.Status.SUBMITTED and (paragraph is None or is_member):
        body = [
            ("Brief update", report.brief_update),
            ("Key challenges", report.key_challenges),
            ("Support required from the board", report.support_required),
            ("Appendices", report.appendices),
        ]
        body = [(heading, text) for heading, text in body if text]
    return ReportEntry(
        title=report.display_title,
        status=report.status,
        status_display=report.get_status_display(),
        exempt_paragraph=paragraph,
        body=body,
    )


def _performance_report_entry(report, item_paragraph: int | None) -> ReportEntry:
    paragraph = report.exempt_paragraph if report.is_restricted else item_paragraph
    return ReportEntry(title=report.title, status="", status_display="", exempt_paragraph=paragraph)


def _agenda_entry(item: AgendaItem, parent_paragraph: int | None, is_member: bool) -> AgendaEntry:
    paragraph = item.exempt_paragraph if item.is_restricted else parent_paragraph
    redacted = paragraph is not None and not is_member
    entry = AgendaEntry(
        pk=item.pk,
        label=item.label,
        title=item.title,
        exempt_paragraph=paragraph,
        redacted=redacted,
        supplement_number=item.supplement.number if item.supplement_id else None,
    )
    if not redacted:
        entry.description = item.description
        entry.presenter = item.presenter or (
            item.presenter_person.name_and_post if item.presenter_person else ""
        )
        entry.purpose = item.get_purpose_display() if item.purpose else ""
        entry.minutes_allowed = item.minutes_allowed
        entry.is_verbal = item.is_verbal
    entry.papers = [_paper_entry(p, paragraph, is_member) for p in item.papers.all()]
    entry.reports = [
        _subgroup_report_entry(r, paragraph, is_member) for r in item.subgroup_reports.all()
    ] + [_performance_report_entry(r, paragraph) for r in item.performance_reports.all()]
    entry.sub_items = [_agenda_entry(s, paragraph, is_member) for s in item.sorted_sub_items]
    return entry


def meeting_agenda(*, meeting: Meeting, is_member: bool) -> list[AgendaEntry]:
    """The meeting's agenda as a tree of AgendaEntry, items and sub-items by position.

    Restricted items (and everything under them) are redacted for non-members:
    title and exempt paragraph only. A constant number of queries.
    """
    from indicators.models import PerformanceReport

    papers = Prefetch("papers", queryset=Paper.objects.order_by("position", "id"))
    reports = Prefetch(
        "subgroup_reports",
        queryset=SubgroupReport.objects.select_related("subgroup").order_by("subgroup__name"),
    )
    performance = Prefetch(
        "performance_reports", queryset=PerformanceReport.objects.order_by("title")
    )
    items = list(
        meeting.agenda_items.select_related("presenter_person", "parent", "supplement")
        .prefetch_related(papers, reports, performance)
        .order_by("position", "id")
    )
    children: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
    for item in items:
        item.sorted_sub_items = children.get(item.pk, [])
    return [_agenda_entry(i, None, is_member) for i in items if i.parent_id is None]


def meeting_attendance(*, meeting: Meeting) -> list[tuple[str, list[Attendance]]]:
    """[(status label, attendances)] in the order present, in attendance, apologies, absent.

    Statuses with nobody are left out; attendances keep their recorded order.
    """
    records = list(
        meeting.attendances.select_related(
            "person__organisation", "substituting_for"
        ).order_by("position", "person__name")
    )
    labels = dict(Attendance.Status.choices)
    grouped = []
    for status in ATTENDANCE_ORDER:
        people = [a for a in records if a.status == status]
        if people:
            grouped.append((labels[status], people))
    return grouped


@dataclass
class PackState:
    """Where one edition of a meeting's pack stands.

    ``ready`` is the latest ready render (the one to download). ``pending`` is
    the latest queued or rendering one newer than it, ``failed`` the latest
    failed one newer than both (a failure that a newer request replaced is not
    shown); either may be None. ``again`` is the render a clerk may "render
    again": the failed one, or a pending one that is stuck.
    """

    edition: str
    label: str
    ready: PackRender | None = None
    failed: PackRender | None = None
    pending: PackRender | None = None

    def add_render(self, render: PackRender) -> None:
        """Take ``render`` into account; give this edition's renders newest first."""
        if self.ready is not None:
            return
        if render.status == PackRender.Status.READY:
            self.ready = render
        elif render.status == PackRender.Status.FAILED:
            if self.failed is None and self.pending is None:
                self.failed = render
        elif render.status in (PackRender.Status.QUEUED, PackRender.Status.RENDERING):
            self.pending = self.pending or render

    @property
    def waiting_for_broker(self) -> bool:
        """True when the pending render is queued but the task queue has not taken it."""
        return self.pending is not None and render_waiting_for_broker(self.pending)

    @property
    def stuck(self) -> bool:
        """True when the pending render is taking longer than any render should."""
        return self.pending is not None and render_is_stuck(self.pending)

    @property
    def again(self) -> PackRender | None:
        """The render to offer "Render again" for (failed, or pending and stuck), or None."""
        if self.pending is not None:
            return self.pending if self.stuck else None
        return self.failed


def pack_editions(*, is_member: bool) -> list[PackRender.Edition]:
    """The pack editions a reader may see: public, and for members the members' pack too."""
    editions = [PackRender.Edition.PUBLIC]
    if is_member:
        editions.append(PackRender.Edition.MEMBERS)
    return editions


def meeting_packs(*, meeting: Meeting, is_member: bool) -> list[PackState]:
    """The state of the public pack, and for members the members' pack. One query."""
    editions = pack_editions(is_member=is_member)
    states = {e: PackState(edition=e.value, label=e.label) for e in editions}
    renders = meeting.pack_renders.filter(edition__in=editions, supplement__isnull=True).order_by(
        "-queued_at", "-id"
    )
    for render in renders:
        states[render.edition].add_render(render)
    return list(states.values())


def pack_latest_ready(*, meeting: Meeting, edition: str) -> PackRender:
    """The latest ready render of ``edition`` with a file; raises Http404 if there is none."""
    render = (
        meeting.pack_renders.filter(
            edition=edition, status=PackRender.Status.READY, supplement__isnull=True
        )
        .exclude(file="")
        .order_by("-finished_at", "-queued_at", "-id")
        .first()
    )
    if render is None:
        raise Http404("No pack has been produced for this meeting yet.")
    return render


# --- A paper ----------------------------------------------------------------------------------


def paper_get(*, meeting: Meeting, pk: int, is_member: bool) -> Paper:
    """Paper ``pk`` of ``meeting`` with its sections; Http404 if missing or restricted for a
    non-member (restricted itself or under a restricted item)."""
    paper = (
        Paper.objects.select_related("agenda_item__parent")
        .prefetch_related("sections")
        .filter(agenda_item__meeting=meeting, pk=pk)
        .first()
    )
    if paper is None or (paper.is_restricted and not is_member):
        raise Http404("No such paper.")
    return paper
