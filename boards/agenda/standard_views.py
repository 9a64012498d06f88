"""The clerk pulls forward plan items into a meeting's agenda and keeps the board's
standard agenda. Access: MANAGE_MEETINGS; reads and writes: boards.agenda.standard."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import selectors as board_selectors
from ..access import BoardAccess, Capability, board_permission
from . import standard
from .standard_forms import ForwardPlanPullForm, StandardAgendaForm

manage_meetings = board_permission(Capability.MANAGE_MEETINGS)


@manage_meetings
def agenda_pull_forward_plan(request: HttpRequest, *, access: BoardAccess, pk: int
                             ) -> HttpResponse:
    """Choose planned items of the board's forward plan and add them to meeting ``pk``'s
    agenda; back to the agenda editor. Refused (409) once the minutes are confirmed."""
    meeting = board_selectors.meeting_get(board=access.board, pk=pk, is_member=True)
    choices = standard.forward_plan_pull_choices(meeting=meeting)
    form = ForwardPlanPullForm(request.POST if request.method == "POST" else None,
                               plan_items=choices)
    status = 409 if meeting.minutes_are_confirmed and request.method == "POST" else 200
    if request.method == "POST" and status == 200 and form.is_valid():
        try:
            created = standard.agenda_items_from_forward_plan(
                meeting=meeting, forward_plan_items=form.cleaned_data["items"],
                actor=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("items", message)
        else:
            messages.success(request, f"{len(created)} planned item"
                                      f"{'s' if len(created) != 1 else ''} added to the agenda")
            return redirect("boards:agenda_edit", access.board.slug, meeting.pk)
    context = {"access": access, "board": access.board, "meeting": meeting, "form": form,
               "choices": choices}
    return render(request, "boards/agenda/forward_plan_pull.html", context, status=status)


@manage_meetings
def standard_agenda_edit(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """The board's standard agenda, which every new meeting starts with; a board without one
    is offered standard.SUGGESTED_STANDARD_AGENDA."""
    board = access.board
    saved = standard.standard_agenda_of(board)
    shown = saved if saved["opening"] or saved["closing"] else standard.SUGGESTED_STANDARD_AGENDA
    initial = {part: "\n".join(titles) for part, titles in shown.items()}
    form = StandardAgendaForm(request.POST if request.method == "POST" else None,
                              initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            standard.board_standard_agenda_set(
                board=board, opening=form.titles("opening"), closing=form.titles("closing"),
                actor=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for message in errors:
                    form.add_error(field, message)
        else:
            messages.success(request, "The standard agenda has been saved. New meetings start "
                                      "with it.")
            return redirect("boards:standard_agenda", board.slug)
    context = {"access": access, "board": board, "form": form,
               "is_suggestion": not (saved["opening"] or saved["closing"])}
    return render(request, "boards/agenda/standard_agenda.html", context)
