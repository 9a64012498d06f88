"""Record the meeting, confirm its minutes, read the minutes.

Access: boards.access decorators; reads: boards.minutes.selectors; writes:
boards.minutes.services. Forms: boards.minutes.forms.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from csp_portal.concurrency import ConflictRow, conflict_response

from .. import selectors as board_selectors
from ..access import BoardAccess, Capability, board_permission, board_view
from ..models import Attendance, Meeting
from . import selectors, services
from .forms import AttendanceForms, ConfirmMinutesWithAmendmentsForm

NO_MINUTES = "There are no minutes to confirm: record the meeting first."
NO_LATER_MEETING = (
    "There is no later meeting of the board at which to confirm these minutes. "
    "The clerk adds the next meeting first."
)


def _minutes_context(access: BoardAccess, meeting: Meeting) -> dict:
    return {
        "access": access,
        "board": access.board,
        "meeting": meeting,
        "entries": selectors.meeting_minutes(meeting=meeting, is_member=access.is_member),
        "attendance": board_selectors.meeting_attendance(meeting=meeting),
        "locked_message": services.locked_message(meeting),
    }


def _locked_record(request: HttpRequest, access: BoardAccess, meeting: Meeting) -> HttpResponse:
    """Confirmed minutes, read-only; a POST is refused with 409 and changes nothing."""
    context = {**_minutes_context(access, meeting), "refused": request.method == "POST"}
    status = 409 if request.method == "POST" else 200
    return render(request, "boards/minutes/record_locked.html", context, status=status)


@board_permission(Capability.RECORD_MINUTES)
def minutes_record(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """The first page of recording a meeting: who attended. Saves the attendance on its own,
    then goes to the first agenda item's page (boards.minutes.item_views)."""
    meeting = board_selectors.meeting_get(board=access.board, pk=pk, is_member=access.is_member)
    if meeting.minutes_are_confirmed:
        return _locked_record(request, access, meeting)
    items = selectors.record_agenda_items(meeting=meeting)
    forms = AttendanceForms(
        members=selectors.meeting_members(meeting=meeting),
        people=selectors.people_choices(meeting=meeting),
        attendances=selectors.meeting_attendance_records(meeting=meeting),
        data=request.POST if request.method == "POST" else None,
    )
    service_errors: list[tuple[str, str]] = []
    if request.method == "POST" and forms.is_valid():
        try:
            services.meeting_attendance_save(meeting=meeting, actor=request.user,
                                             **forms.inputs())
        except services.MinutesLocked:
            meeting.refresh_from_db()
            return _locked_record(request, access, meeting)
        except services.MinutesConflict as conflict:
            return _conflict(request, access, meeting, forms, conflict)
        except ValidationError as exc:
            service_errors = [("record-form", message) for message in exc.messages]
        else:
            messages.success(request, "The attendance has been saved.")
            if items and "next" in request.POST:
                return redirect("boards:minutes_record_item", access.board.slug, meeting.pk,
                                items[0].pk)
            return redirect("boards:minutes_record", access.board.slug, meeting.pk)
    context = {
        "access": access,
        "board": access.board,
        "meeting": meeting,
        "forms": forms,
        "items": items,
        "errors": forms.error_list() + service_errors if request.method == "POST" else [],
    }
    return render(request, "boards/minutes/record.html", context)


def _conflict(request: HttpRequest, access: BoardAccess, meeting: Meeting,
              forms: AttendanceForms, conflict: services.MinutesConflict) -> HttpResponse:
    """The conflict page (409) when someone else changed the attendance since it was read."""
    now = conflict.attendance_now or []
    rows = [ConflictRow("Attendance", attendance_text(now),
                        attendance_text(forms.inputs()["attendance"] or []))]
    return conflict_response(
        request, title="the attendance", rows=rows,
        versions={"read-attendance": services.attendance_digest(now)},
        back_url=reverse("boards:minutes_record", args=[access.board.slug, meeting.pk]),
    )


def attendance_text(rows) -> str:
    """Attendance rows (records or inputs) as lines of text for the conflict page."""
    statuses = dict(Attendance.Status.choices)
    lines = []
    for row in rows:
        line = f"{row.person.name}: {statuses.get(row.status, row.status)}"
        if row.substituting_for is not None:
            line += f", substituting for {row.substituting_for.name}"
        if (row.note or "").strip():
            line += f" ({row.note.strip()})"
        lines.append(line)
    return "\n".join(lines)


def declarations_text(rows) -> str:
    """Declarations (records or inputs) as lines of text for the conflict page."""
    return "\n".join(
        f"Item {row.agenda_item.full_label}: {row.person.name}, {row.kind}: {row.nature.strip()}"
        for row in rows
    )


@board_permission(Capability.CONFIRM_MINUTES)
def minutes_confirm(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """The chair confirms a meeting's minutes as a true record at a later meeting
    (by default the board's next one), reading them on the same page, with the
    amendments agreed there and an explicit confirmation before they lock.
    Refused when there are no minutes or they are already confirmed."""
    meeting = board_selectors.meeting_get(board=access.board, pk=pk, is_member=access.is_member)
    later = selectors.meetings_after(meeting=meeting)
    data = request.POST if request.method == "POST" else None
    form = ConfirmMinutesWithAmendmentsForm(data, meetings=later)
    problem = ""
    if meeting.minutes_are_confirmed:
        problem = services.locked_message(meeting)
    elif not selectors.meeting_has_minutes(meeting=meeting):
        problem = NO_MINUTES
    elif not later:
        problem = NO_LATER_MEETING
    status = 200
    if request.method == "POST":
        if problem:
            status = 409
        elif form.is_valid():
            try:
                services.meeting_minutes_confirm(
                    meeting=meeting, actor=request.user,
                    at_meeting=form.cleaned_data["at_meeting"],
                    amendments=form.cleaned_data["amendments"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"The minutes of {meeting} are confirmed.")
                return redirect("boards:minutes_detail", access.board.slug, meeting.pk)
    context = {
        **_minutes_context(access, meeting),
        "form": form,
        "problem": problem,
    }
    return render(request, "boards/minutes/confirm.html", context, status=status)


@board_view
def minutes_detail(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """A meeting's minutes: confirmed minutes for everyone, draft minutes for members.

    Restricted items show only their exempt paragraph to non-members; 404 for a
    non-member when the minutes are not confirmed.
    """
    meeting = selectors.minutes_meeting_get(
        board=access.board, pk=pk, is_member=access.is_member
    )
    return render(request, "boards/minutes/detail.html", _minutes_context(access, meeting))
