"""Action log pages: the board's log (and its export), one action, "My actions", and the
pages that change the log: raise an action, post an update, the chair's and clerk's changes.

Access: boards.access; reads: actions.selectors. Views stay thin: forms check
what was typed, actions.services makes the change; a ValidationError from a
service is shown on the form, with nothing lost.
"""
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from boards.access import BoardAccess, Capability, board_permission, login_required_view
from boards.models import AgendaItem, Meeting
from csp_portal import clock
from csp_portal.spreadsheets import CONTENT_TYPES

from .exports import ActionExport
from .filters import ActionFilter
from .forms import (
    ActionCloseForm,
    ActionDatesResetForm,
    ActionMergeForm,
    ActionRagForm,
    ActionRaiseForm,
    ActionUpdateForm,
)
from .models import Action
from .presenters import HISTORY_HEAD, action_history_rows, action_summary_rows, my_actions_rows
from .review.forms import ActionSelectionForm
from .review.log import review_post, review_selectable
from .review.tables import ReviewActionTable
from .selectors import (
    action_get,
    action_history,
    action_is_led_by,
    action_log_reviewing_meeting,
    action_merge_candidates,
    action_rag_counts,
    asked_to_close,
    board_current_members,
    my_actions,
)
from .services import (
    action_close,
    action_dates_reset,
    action_merge,
    action_rag_change,
    action_raise,
    action_update_post,
)
from .tables import ActionLogPaginator

ACTIONS_PER_PAGE = 50
EXPORT_FORMATS = ("csv", "xlsx")


def action_for_view(access: BoardAccess, number: int) -> Action:
    """Action ``number`` of the access's board, or Http404."""
    try:
        return action_get(board=access.board, number=number)
    except Action.DoesNotExist:
        raise Http404("No such action in this board's log") from None


@board_permission(Capability.VIEW_MEMBERS)
def action_log(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """A board's action log: open actions by default, filterable and sortable; with
    ``?subgroups=include`` the actions of the boards below too, each with its board.

    The chair and clerk also see the actions whose leads ask for them to be closed,
    first, and may change the RAG status of, or close, a selection of the board's
    open actions (a POST: actions.review.log).

    ``?_export=csv`` or ``?_export=xlsx`` downloads exactly the filtered rows
    (every page, in the chosen order) instead of the page, streamed
    (actions.exports); text that a spreadsheet would run as a formula is
    neutralised (csp_portal.spreadsheets).
    """
    board = access.board
    action_filter = ActionFilter(request.GET, board=board)
    reviewing = action_log_reviewing_meeting(board=board)
    reviewed_on = None
    if reviewing is not None:
        reviewed_on = min(timezone.localdate(reviewing.start), timezone.localdate())
    selectable = review_selectable(access, action_filter.qs)
    review_form, done = None, None
    if request.method == "POST":
        review_form, done = review_post(request, access, selectable)
        if done is not None:
            return done
    elif selectable is not None:
        review_form = ActionSelectionForm(selectable=selectable.actions)
    selected = set(review_form["selected"].value() or []) if review_form is not None else set()
    table = ReviewActionTable(
        action_filter.qs, reviewed_on=reviewed_on, show_board=action_filter.includes_subgroups,
        today=clock.today(), selectable=selectable,
        selected={int(pk) for pk in selected if str(pk).isdigit()},
    )
    export_format = request.GET.get("_export")
    if export_format in EXPORT_FORMATS:
        # The table only orders the rows here; the file is streamed from a values query.
        RequestConfig(request, paginate=False).configure(table)
        export = ActionExport(
            board=board, actions=table.data.data, filters=action_filter.applied(),
            show_board=action_filter.includes_subgroups, on=timezone.localdate(),
        )
        filename = export.filename(export_format)
        if export_format == "csv":
            response = StreamingHttpResponse(export.csv(), content_type=CONTENT_TYPES["csv"])
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return FileResponse(
            export.xlsx(), as_attachment=True, filename=filename,
            content_type=CONTENT_TYPES["xlsx"],
        )
    rag_counts = action_rag_counts(actions=action_filter.qs)
    RequestConfig(request, paginate={
        "per_page": ACTIONS_PER_PAGE, "paginator_class": ActionLogPaginator,
        "count": sum(count for _, count in rag_counts),
    }).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "access": access,
        "board": board,
        "filter": action_filter,
        "table": table,
        "rag_counts": rag_counts,
        "reviewing": reviewing,
        "export_query": query.urlencode(),
        "review_form": review_form,
        "asked_to_close": (asked_to_close(actions=action_filter.qs) if selectable is not None
                           else []),
    }
    return render(request, "actions/action_log.html", context)


@board_permission(Capability.VIEW_MEMBERS)
def action_detail(request: HttpRequest, *, access: BoardAccess, number: int) -> HttpResponse:
    """One action: its details, merge links and the history of every change to it."""
    action = action_for_view(access, number)
    is_lead = action_is_led_by(action=action, user=request.user)
    context = {
        "access": access,
        "board": access.board,
        "action": action,
        "summary_rows": action_summary_rows(action),
        "history_head": HISTORY_HEAD,
        "history_rows": action_history_rows(action_history(action=action)),
        "can_update": action.is_open and (is_lead or access.allows(Capability.MANAGE_ACTIONS)),
    }
    return render(request, "actions/action_detail.html", context)


@login_required_view
def my_actions_view(request: HttpRequest) -> HttpResponse:
    """Every open action the signed-in user leads, across boards, overdue first."""
    actions = list(my_actions(user=request.user))
    context = {
        "actions": actions,
        "rows": my_actions_rows(actions),
        "overdue_count": sum(1 for a in actions if a.is_overdue),
        "has_person": hasattr(request.user, "person"),
    }
    return render(request, "actions/my_actions.html", context)


# --- Changing the action log ------------------------------------------------------------------


def _detail_url(action: Action) -> str:
    return reverse("actions:action_detail", args=[action.board.slug, action.number])


def _apply(form: Form, change: Any) -> bool:
    """Call ``change()``; on ValidationError put its messages on ``form``. True on success."""
    try:
        change()
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return False
    return True


@board_permission(Capability.RAISE_ACTION)
def action_raise_view(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """Raise an action at meeting ``pk``; ``?item=<agenda item pk>`` pre-selects the item."""
    board = access.board
    try:
        meeting = Meeting.objects.get(pk=pk, board=board)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting of this board") from None
    form_kwargs = {"meeting": meeting, "leads": board_current_members(board=board)}
    if request.method == "POST":
        form = ActionRaiseForm(request.POST, **form_kwargs)
        created: list[Action] = []
        if form.is_valid() and _apply(form, lambda: created.append(action_raise(
            board=board, meeting=meeting, agenda_item=form.cleaned_data["agenda_item"],
            description=form.cleaned_data["description"],
            lead_people=form.cleaned_data["lead_people"],
            lead_body=form.cleaned_data["lead_body"],
            target_date=form.cleaned_data["target_date"],
            target_date_tbc=form.cleaned_data["target_date_tbc"],
            rag_status=form.cleaned_data["rag_status"], actor=request.user,
        ))):
            action = created[0]
            messages.success(request, f"Action {action.number} raised")
            return redirect(_detail_url(action))
    else:
        item = request.GET.get("item", "")
        initial = {}
        if item.isdigit() and AgendaItem.objects.filter(pk=item, meeting=meeting).exists():
            initial["agenda_item"] = int(item)
        form = ActionRaiseForm(initial=initial, **form_kwargs)
    context = {"access": access, "board": board, "meeting": meeting, "form": form}
    return render(request, "actions/action_raise.html", context)


@board_permission(Capability.VIEW_MEMBERS)
def action_update_view(request: HttpRequest, *, access: BoardAccess, number: int) -> HttpResponse:
    """A lead posts an update: text, RAG, perhaps a revised date with a reason.

    Allowed to the action's lead people and to MANAGE_ACTIONS holders; other
    members get 403.
    """
    action = action_for_view(access, number)
    if not (
        access.allows(Capability.MANAGE_ACTIONS)
        or action_is_led_by(action=action, user=request.user)
    ):
        raise PermissionDenied("Only the action's leads, the chair and the clerk may update it.")
    if request.method == "POST" and action.is_open:
        form = ActionUpdateForm(request.POST, action=action)
        if form.is_valid() and _apply(form, lambda: action_update_post(
            action=action, actor=request.user, text=form.cleaned_data["text"],
            rag_status=form.cleaned_data["rag_status"],
            target_date=form.cleaned_data["target_date"], reason=form.cleaned_data["reason"],
        )):
            messages.success(request, f"Update posted to action {action.number}")
            return redirect(_detail_url(action))
    else:
        form = ActionUpdateForm(action=action)
    context = {"access": access, "board": access.board, "action": action, "form": form}
    return render(request, "actions/action_update.html", context)


_MANAGE_FORMS = {
    "rag": ActionRagForm,
    "close": ActionCloseForm,
    "merge": ActionMergeForm,
    "dates": ActionDatesResetForm,
}


def _manage_change(operation: str, action: Action, form: Form, actor: Any) -> Any:
    data = form.cleaned_data
    if operation == "rag":
        return lambda: action_rag_change(
            action=action, actor=actor, rag_status=data["rag_status"], note=data["note"]
        )
    if operation == "close":
        return lambda: action_close(
            action=action, actor=actor, note=data["note"], closed_on=data["closed_on"]
        )
    if operation == "merge":
        return lambda: action_merge(
            duplicate=action, into=data["into"], actor=actor, note=data["note"]
        )
    return lambda: action_dates_reset(
        action=action, actor=actor, target_date=data["target_date"],
        target_date_tbc=data["target_date_tbc"], reason=data["reason"],
    )


_DONE = {
    "rag": "RAG status of action {n} changed",
    "close": "Action {n} closed",
    "merge": "Action {n} merged",
    "dates": "Target date of action {n} reset",
}


@board_permission(Capability.MANAGE_ACTIONS)
def action_manage_view(request: HttpRequest, *, access: BoardAccess, number: int) -> HttpResponse:
    """The chair's and clerk's changes to one action, one form each: RAG, close, merge, dates.

    A POST names its form with ``operation`` (rag, close, merge or dates); an
    invalid one is shown again with its errors, the others blank.
    """
    action = action_for_view(access, number)
    candidates = action_merge_candidates(action=action)

    def build(operation: str, data: Any = None) -> Form:
        kwargs = {"candidates": candidates} if operation == "merge" else {}
        return _MANAGE_FORMS[operation](data, **kwargs)

    forms = {op: build(op) for op in _MANAGE_FORMS}
    failed = None
    if request.method == "POST" and action.is_open:
        operation = request.POST.get("operation", "")
        if operation not in _MANAGE_FORMS:
            raise Http404("Unknown change")
        form = forms[operation] = build(operation, request.POST)
        if form.is_valid() and _apply(form, _manage_change(operation, action, form, request.user)):
            messages.success(request, _DONE[operation].format(n=action.number))
            return redirect(_detail_url(action))
        failed = form
    context = {
        "access": access, "board": access.board, "action": action, "forms": forms,
        "failed": failed,
    }
    return render(request, "actions/action_manage.html", context)
