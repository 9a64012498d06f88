"""Reading the action log: the board's log (and its export), one action, "My actions".

Access: boards.access; reads: actions.selectors. The pages that change an
action are in actions.views_edit.
"""
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from boards.access import BoardAccess, Capability, board_permission, login_required_view

from .filters import ActionFilter
from .models import Action
from .presenters import HISTORY_HEAD, action_history_rows, action_summary_rows
from .selectors import (
    action_get,
    action_history,
    action_is_led_by,
    action_log_reviewing_meeting,
    action_rag_counts,
    my_actions,
)
from .selectors import action_log as select_action_log
from .tables import ActionTable

ACTIONS_PER_PAGE = 50
EXPORT_FORMATS = (TableExport.CSV, TableExport.XLSX)


def action_for_view(access: BoardAccess, number: int) -> Action:
    """Action ``number`` of the access's board, or Http404."""
    try:
        return action_get(board=access.board, number=number)
    except Action.DoesNotExist:
        raise Http404("No such action in this board's log") from None


@board_permission(Capability.VIEW_MEMBERS)
def action_log(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """A board's action log: open actions by default, filterable and sortable.

    ``?_export=csv`` or ``?_export=xlsx`` downloads exactly the filtered rows
    (every page, in the chosen order) instead of the page.
    """
    board = access.board
    action_filter = ActionFilter(request.GET, queryset=select_action_log(board=board), board=board)
    reviewing = action_log_reviewing_meeting(board=board)
    reviewed_on = None
    if reviewing is not None:
        reviewed_on = min(timezone.localdate(reviewing.start), timezone.localdate())
    table = ActionTable(action_filter.qs, reviewed_on=reviewed_on)
    export_format = request.GET.get("_export")
    if export_format in EXPORT_FORMATS:
        RequestConfig(request, paginate=False).configure(table)
        exporter = TableExport(export_format, table, dataset_kwargs={"title": "Action log"})
        return exporter.response(filename=f"action-log-{board.slug}.{export_format}")
    RequestConfig(request, paginate={"per_page": ACTIONS_PER_PAGE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "access": access,
        "board": board,
        "filter": action_filter,
        "table": table,
        "rag_counts": action_rag_counts(actions=action_filter.qs),
        "reviewing": reviewing,
        "export_query": query.urlencode(),
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
        "overdue_count": sum(1 for a in actions if a.is_overdue),
        "has_person": hasattr(request.user, "person"),
    }
    return render(request, "actions/my_actions.html", context)
