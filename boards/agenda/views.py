"""The clerk's pages: create a meeting, edit its agenda, keep the forward plan.

Access: boards.access (MANAGE_MEETINGS for every change; the forward plan
page is public, see selectors.forward_plan_groups). Reads go through
boards.agenda.selectors, writes through boards.agenda.services and
boards.agenda.forward_plan; a ValidationError from them goes back onto the
form, so nothing typed is lost.
"""
from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from csp_portal.concurrency import EditConflict, conflict_response, form_conflict_rows
from indicators.report.services import performance_report_table

from .. import selectors as board_selectors
from ..access import BoardAccess, Capability, board_permission, board_view
from ..models import ForwardPlanItem, Meeting
from . import forward_plan as plan_services
from . import selectors, services, standard
from .forms import AgendaItemForm, ForwardPlanItemForm, MeetingCreateForm, report_months

manage_meetings = board_permission(Capability.MANAGE_MEETINGS)

_ITEM_FIELDS = [name for name in AgendaItemForm.base_fields
                if name not in ("performance_report_as_at",)]
_PLAN_FIELDS = list(ForwardPlanItemForm.base_fields)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field where it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _meeting(access: BoardAccess, pk: int) -> Meeting:
    return board_selectors.meeting_get(board=access.board, pk=pk, is_member=True)


def _agenda_url(meeting: Meeting) -> str:
    return reverse("boards:agenda_edit", args=[meeting.board.slug, meeting.pk])


# --- A new meeting ----------------------------------------------------------------------------


@manage_meetings
def meeting_create(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """Create a meeting and its draft agenda from chosen forward plan items."""
    board = access.board
    kwargs = {
        "people": selectors.board_people(board=board),
        "plan_items": selectors.meeting_forward_plan_choices(board=board),
    }
    if request.method == "POST":
        form = MeetingCreateForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_create(
                    board=board, start=data["start"], end=data["end"], venue=data["venue"],
                    title=data["title"], chaired_by=data["chaired_by"],
                    contact_officer=data["contact_officer"], minute_taker=data["minute_taker"],
                    forward_plan_items=data["forward_plan_items"], actor=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                count = len(data["forward_plan_items"])
                messages.success(
                    request, f"Meeting created with {count} draft agenda "
                    f"item{'' if count == 1 else 's'} from the forward plan",
                )
                return redirect(_agenda_url(meeting))
    else:
        form = MeetingCreateForm(initial=selectors.board_default_people(board=board), **kwargs)
    return render(request, "boards/agenda/meeting_create.html",
                  {"access": access, "board": board, "form": form})


# --- The agenda editor ------------------------------------------------------------------------


@manage_meetings
def agenda_edit(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """The meeting's agenda in order, with sub-items, timings and the clerk's changes."""
    meeting = _meeting(access, pk)
    context = {
        "access": access, "board": access.board, "meeting": meeting,
        "plan": selectors.meeting_agenda_plan(meeting=meeting),
        "locked": meeting.minutes_are_confirmed,
        # Planned items left off an agenda that is already out (boards.agenda.standard).
        "missing": [] if meeting.status == Meeting.Status.PLANNED
        else standard.planned_items_missing(meeting=meeting),
    }
    return render(request, "boards/agenda/agenda_edit.html", context)


def _item_input(data: dict) -> services.AgendaItemInput:
    return services.AgendaItemInput(
        number=data["number"], urgency_reason=data.get("urgency_reason") or "",
        title=data["title"], description=data["description"], presenter=data["presenter"],
        presenter_person=data["presenter_person"], purpose=data["purpose"] or "",
        minutes_allowed=data["minutes_allowed"], is_verbal=data["is_verbal"],
        is_standing=data["is_standing"], is_restricted=data["is_restricted"],
        exempt_paragraph=data["exempt_paragraph"], pack_content=data["pack_content"] or "",
    )


def _months(meeting: Meeting) -> list:
    """The as-at months a performance report may be tabled for: two years up to the month
    before the meeting."""
    start = timezone.localtime(meeting.start).date().replace(day=1)
    return report_months(start - dt.timedelta(days=1))


def _table_report(item, form: AgendaItemForm, actor) -> None:
    performance_report_table(agenda_item=item,
                             as_at=form.cleaned_data.get("performance_report_as_at"), actor=actor)


def _item_page(request, access, meeting, form, *, item=None, parent=None) -> HttpResponse:
    context = {
        "access": access, "board": access.board, "meeting": meeting, "form": form,
        "item": item, "parent": parent, "agenda_url": _agenda_url(meeting),
    }
    return render(request, "boards/agenda/agenda_item_form.html", context)


@manage_meetings
def agenda_item_add(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """Add an item at the end of the agenda, or with ``?parent=<item pk>`` a sub-item."""
    meeting = _meeting(access, pk)
    parent = None
    parent_pk = request.GET.get("parent", "")
    if parent_pk:
        if not parent_pk.isdigit():
            raise Http404("No such agenda item.")
        parent = selectors.agenda_item_get(meeting=meeting, pk=int(parent_pk))
        if parent.parent_id is not None:
            raise Http404("Sub-items go under a numbered item.")
    people = selectors.people_for_presenter()
    submit = "Add sub-item" if parent else "Add item"
    options = {"people": people, "submit": submit, "months": _months(meeting),
               "late": meeting.status == Meeting.Status.AGENDA_PUBLISHED}
    if request.method == "POST":
        form = AgendaItemForm(request.POST, versioned=False, **options)
        if form.is_valid():
            try:
                with transaction.atomic():
                    item = services.agenda_item_create(
                        meeting=meeting, parent=parent, data=_item_input(form.cleaned_data),
                        actor=request.user,
                    )
                    _table_report(item, form, request.user)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Added item {item.full_label}: {item.title}")
                return redirect(f"{_agenda_url(meeting)}#item-{item.pk}")
    else:
        form = AgendaItemForm(versioned=False, **options)
    return _item_page(request, access, meeting, form, parent=parent)


@manage_meetings
def agenda_item_edit(
    request: HttpRequest, *, access: BoardAccess, pk: int, item_pk: int
) -> HttpResponse:
    """Change one agenda item's details."""
    meeting = _meeting(access, pk)
    item = selectors.agenda_item_get(meeting=meeting, pk=item_pk)
    people = selectors.people_for_presenter()
    tabled = item.performance_reports.order_by("-as_at").first()
    months = _months(meeting)
    if tabled is not None and tabled.as_at not in months:
        months = sorted({*months, tabled.as_at}, reverse=True)
    options = {"people": people, "months": months, "late": item.supplement_id is not None}
    if request.method == "POST":
        form = AgendaItemForm(request.POST, **options)
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.agenda_item_update(
                        agenda_item=item, data=_item_input(form.cleaned_data),
                        actor=request.user, version=form.read_version,
                    )
                    _table_report(item, form, request.user)
            except EditConflict as conflict:
                saved = selectors.agenda_item_get(meeting=meeting, pk=item_pk)
                return conflict_response(
                    request, title=f"item {saved.full_label}", rows=form_conflict_rows(
                        form, saved, [n for n in _ITEM_FIELDS if n in form.fields]),
                    versions={"version": conflict.current_version},
                    back_url=request.get_full_path(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Saved item {item.full_label}: {item.title}")
                return redirect(f"{_agenda_url(meeting)}#item-{item.pk}")
    else:
        initial = {name: getattr(item, name) for name in _ITEM_FIELDS}
        initial["performance_report_as_at"] = f"{tabled.as_at:%Y-%m}" if tabled else ""
        form = AgendaItemForm(initial=initial, version=item.version, **options)
    return _item_page(request, access, meeting, form, item=item, parent=item.parent)


@manage_meetings
def agenda_item_move(
    request: HttpRequest, *, access: BoardAccess, pk: int, item_pk: int
) -> HttpResponse:
    """POST ``direction`` "up" or "down": move the item one place among its siblings."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    meeting = _meeting(access, pk)
    item = selectors.agenda_item_get(meeting=meeting, pk=item_pk)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        messages.error(request, "Choose to move the item up or down.")
        return redirect(_agenda_url(meeting))
    try:
        item = services.agenda_item_move(agenda_item=item, direction=direction,
                                         actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Moved {item.title} {direction}: it is now item "
                         f"{item.full_label}")
    return redirect(f"{_agenda_url(meeting)}#item-{item.pk}")


@manage_meetings
def agenda_item_delete(
    request: HttpRequest, *, access: BoardAccess, pk: int, item_pk: int
) -> HttpResponse:
    """GET asks to confirm; POST deletes the item and its sub-items."""
    meeting = _meeting(access, pk)
    item = selectors.agenda_item_get(meeting=meeting, pk=item_pk)
    error = ""
    if request.method == "POST":
        try:
            services.agenda_item_delete(agenda_item=item, actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Deleted item {item.full_label}: {item.title}")
            return redirect(_agenda_url(meeting))
    context = {
        "access": access, "board": access.board, "meeting": meeting, "item": item,
        "error": error, "blockers": services.agenda_item_delete_blockers(agenda_item=item),
        "sub_item_count": item.sub_items.count(), "agenda_url": _agenda_url(meeting),
    }
    return render(request, "boards/agenda/agenda_item_delete.html", context)


# --- The forward plan -------------------------------------------------------------------------


def _plan_url(access: BoardAccess) -> str:
    return reverse("boards:forward_plan", args=[access.board.slug])


@board_view
def forward_plan(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """The board's forward plan, grouped by meeting; the clerk may change it."""
    can_edit = access.allows(Capability.MANAGE_MEETINGS)
    groups = selectors.forward_plan_groups(board=access.board, is_member=access.is_member)
    for group in groups:
        group.table = selectors.forward_plan_table(
            group=group, board=access.board, can_edit=can_edit
        )
    context = {"access": access, "board": access.board, "groups": groups, "can_edit": can_edit}
    return render(request, "boards/agenda/forward_plan.html", context)


def _plan_input(data: dict) -> plan_services.ForwardPlanItemInput:
    return plan_services.ForwardPlanItemInput(
        meeting=data["meeting"], title=data["title"], section=data["section"] or "",
        presenter=data["presenter"], reason=data["reason"] or "", comments=data["comments"],
        status=data["status"] or "", is_standing=data["is_standing"],
        is_break=data["is_break"],
    )


def _plan_item_page(request, access, form, item: ForwardPlanItem | None) -> HttpResponse:
    context = {"access": access, "board": access.board, "form": form, "item": item,
               "plan_url": _plan_url(access)}
    return render(request, "boards/agenda/forward_plan_item_form.html", context)


@manage_meetings
def forward_plan_item_add(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """Plan an item for one of the board's future meetings."""
    meetings = selectors.forward_plan_meeting_choices(board=access.board)
    if request.method == "POST":
        form = ForwardPlanItemForm(request.POST, meetings=meetings, submit="Add item")
        if form.is_valid():
            try:
                item = plan_services.forward_plan_item_create(
                    board=access.board, data=_plan_input(form.cleaned_data), actor=request.user
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Added {item.title} to the forward plan")
                return redirect(_plan_url(access))
    else:
        initial = {"meeting": request.GET.get("meeting")} if request.GET.get("meeting") else {}
        form = ForwardPlanItemForm(initial=initial, meetings=meetings, submit="Add item")
    return _plan_item_page(request, access, form, None)


@manage_meetings
def forward_plan_item_edit(
    request: HttpRequest, *, access: BoardAccess, item_pk: int
) -> HttpResponse:
    """Change a forward plan item, or plan it for another meeting."""
    item = selectors.forward_plan_item_get(board=access.board, pk=item_pk)
    meetings = selectors.forward_plan_meeting_choices(board=access.board, include=item.meeting)
    if request.method == "POST":
        form = ForwardPlanItemForm(request.POST, meetings=meetings)
        if form.is_valid():
            try:
                plan_services.forward_plan_item_update(
                    forward_plan_item=item, data=_plan_input(form.cleaned_data),
                    actor=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Saved {item.title}")
                return redirect(_plan_url(access))
    else:
        form = ForwardPlanItemForm(
            initial={name: getattr(item, name) for name in _PLAN_FIELDS}, meetings=meetings
        )
    return _plan_item_page(request, access, form, item)


@manage_meetings
def forward_plan_item_delete(
    request: HttpRequest, *, access: BoardAccess, item_pk: int
) -> HttpResponse:
    """GET asks to confirm; POST removes the item from the forward plan."""
    item = selectors.forward_plan_item_get(board=access.board, pk=item_pk)
    if request.method == "POST":
        plan_services.forward_plan_item_delete(forward_plan_item=item, actor=request.user)
        messages.success(request, f"Removed {item.title} from the forward plan")
        return redirect(_plan_url(access))
    context = {"access": access, "board": access.board, "item": item,
               "plan_url": _plan_url(access)}
    return render(request, "boards/agenda/forward_plan_item_delete.html", context)

