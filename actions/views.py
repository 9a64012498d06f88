"""The action log page (read-only). Access: boards.access; reads: actions.selectors."""
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tables2 import RequestConfig

from boards.access import BoardAccess, board_members_only

from .filters import ActionFilter
from .selectors import action_log as select_action_log
from .tables import ActionTable

ACTIONS_PER_PAGE = 50


@board_members_only
def action_log(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """A board's action log: open actions by default, filterable and sortable."""
    action_filter = ActionFilter(
        request.GET, queryset=select_action_log(board=access.board), board=access.board
    )
    table = ActionTable(action_filter.qs)
    RequestConfig(request, paginate={"per_page": ACTIONS_PER_PAGE}).configure(table)
    context = {"access": access, "board": access.board, "filter": action_filter, "table": table}
    return render(request, "actions/action_log.html", context)
