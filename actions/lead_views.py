"""The lead type-ahead's JSON: leads of the board's partnership matching what was typed."""
from django.http import HttpRequest, JsonResponse

from boards.access import BoardAccess, Capability, board_permission

from .leads import lead_search


@board_permission(Capability.RAISE_ACTION)
def lead_search_view(request: HttpRequest, *, access: BoardAccess) -> JsonResponse:
    """``?q=kate`` → ``{"results": [{"value": "person:12", "label": "Kate …"}, …]}``
    (actions.leads.lead_search); for those who may raise actions on the board."""
    results = lead_search(board=access.board, query=request.GET.get("q", ""))
    return JsonResponse({"results": results})
