"""Recording one agenda item: its minute, declarations and the actions raised under it.

Each item's page saves on its own (nothing waits for the whole meeting to be
valid); previous / next links and a list of the items (which have a minute)
move between them. An action is raised under the minute on the same page
(actions.minute_forms), and is listed there at once.

Access: RECORD_MINUTES (and RAISE_ACTION to raise an action); reads:
boards.minutes.selectors; writes: boards.minutes.services and
actions.services.action_raise.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from actions.leads import lead_kwargs
from actions.minute_forms import MinuteActionForm
from actions.services import action_raise
from csp_portal.concurrency import ConflictRow, conflict_response

from .. import selectors as board_selectors
from ..access import BoardAccess, Capability, board_permission
from . import selectors, services
from .forms import ItemRecordForms
from .views import declarations_text


def _item_url(access: BoardAccess, meeting_pk: int, item_pk: int, anchor: str = "") -> str:
    url = reverse("boards:minutes_record_item", args=[access.board.slug, meeting_pk, item_pk])
    return f"{url}#{anchor}" if anchor else url


@board_permission(Capability.RECORD_MINUTES)
def minutes_record_item(
    request: HttpRequest, *, access: BoardAccess, pk: int, item_pk: int
) -> HttpResponse:
    """One agenda item's page of recording meeting ``pk``.

    A POST with ``operation=minute`` saves the minute and declarations (then
    stays, or moves to the next item with ``next``); ``operation=action``
    raises an action under the item. Invalid input is shown again with every
    error and nothing lost. Confirmed minutes go to the read-only record.
    """
    meeting = board_selectors.meeting_get(board=access.board, pk=pk, is_member=access.is_member)
    if meeting.minutes_are_confirmed:
        return redirect("boards:minutes_record", access.board.slug, meeting.pk)
    items = selectors.record_agenda_items(meeting=meeting)
    position = next((i for i, item in enumerate(items) if item.pk == item_pk), None)
    if position is None:
        raise Http404("No such item on this meeting's agenda.")
    item = items[position]
    item.meeting = meeting
    people = selectors.people_choices(meeting=meeting)
    can_raise = access.allows(Capability.RAISE_ACTION)
    operation = request.POST.get("operation") if request.method == "POST" else None
    record = ItemRecordForms(item=item, people=people,
                             data=request.POST if operation == "minute" else None)
    action_form = MinuteActionForm(request.POST if operation == "action" else None,
                                   board=access.board)
    errors: list[tuple[str, str]] = []
    if operation == "minute":
        if record.is_valid():
            try:
                services.agenda_item_record_save(item=item, actor=request.user, **record.inputs())
            except services.MinutesLocked:
                return redirect("boards:minutes_record", access.board.slug, meeting.pk)
            except services.MinutesConflict as conflict:
                return _conflict(request, access, meeting, item, record, conflict)
            except ValidationError as exc:
                errors = [("minute-form", m) for m in exc.messages]
            else:
                messages.success(request, f"The minute of item {item.full_label} has been saved.")
                following = items[position + 1] if position + 1 < len(items) else None
                if "next" in request.POST and following is not None:
                    return redirect(_item_url(access, meeting.pk, following.pk))
                return redirect(_item_url(access, meeting.pk, item.pk))
        errors = record.error_list() + errors
    elif operation == "action" and can_raise:
        if action_form.is_valid():
            data = action_form.cleaned_data
            try:
                action = action_raise(
                    board=access.board, meeting=meeting, agenda_item=item,
                    description=data["description"], lead_body=data["lead_body"],
                    target_date=data["target_date"], target_date_tbc=data["target_date_tbc"],
                    rag_status=data["rag_status"], actor=request.user,
                    **lead_kwargs(data["lead"]),
                )
            except ValidationError as exc:
                errors = [("action-form", m) for m in exc.messages]
            else:
                messages.success(request, f"Action {action.number} raised under item "
                                          f"{item.full_label}.")
                return redirect(_item_url(access, meeting.pk, item.pk, "item-actions"))
        errors = _form_errors(action_form) + errors
    elif operation is not None:
        raise Http404("Unknown change.")
    context = {
        "access": access,
        "board": access.board,
        "meeting": meeting,
        "item": item,
        "items": items,
        "previous": items[position - 1] if position > 0 else None,
        "following": items[position + 1] if position + 1 < len(items) else None,
        "record": record,
        "action_form": action_form if can_raise else None,
        "item_actions": selectors.item_actions(item=item),
        "errors": errors,
    }
    return render(request, "boards/minutes/record_item.html", context)


def _conflict(request: HttpRequest, access: BoardAccess, meeting, item,
              record: ItemRecordForms, conflict: services.MinutesConflict) -> HttpResponse:
    """The conflict page (409) when someone else saved this item's minute or declarations
    meanwhile: both versions side by side; what was typed is kept as the page's draft."""
    label = item.full_label
    rows, versions = [], {}
    for entry, minute in conflict.conflicts:
        rows += [
            ConflictRow(f"Minute of item {label}", minute.text if minute else "", entry.text),
            ConflictRow(f"Decisions on item {label}", minute.decisions if minute else "",
                        entry.decisions),
        ]
        versions["minute-version"] = minute.version if minute else 0
    parts = [f"the minute of item {label}"] if conflict.conflicts else []
    if conflict.declarations_now is not None:
        rows.append(ConflictRow(
            f"Declarations of interest in item {label}",
            declarations_text(conflict.declarations_now),
            declarations_text(record.inputs()["declarations"] or [])))
        versions["read-declarations"] = services.declarations_digest(conflict.declarations_now)
        parts.append(f"the declarations of interest in item {label}")
    return conflict_response(
        request, title=" and ".join(parts), rows=rows, versions=versions,
        back_url=_item_url(access, meeting.pk, item.pk),
    )


def _form_errors(form) -> list[tuple[str, str]]:
    result = []
    for name, field_errors in form.errors.items():
        target = "action-form" if name == "__all__" else form[name].id_for_label
        if name == "target_date":
            target = f"{form[name].auto_id}_0"
        result += [(target, str(e)) for e in field_errors]
    return result
