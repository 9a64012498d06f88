"""A lead marks an action complete and asks the chair to close it.

Access: boards.access; writes: actions.review.services."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from boards.access import BoardAccess, Capability, board_permission

from ..selectors import action_is_led_by
from ..views import _detail_url, action_for_view
from .forms import CompletionRequestForm
from .services import action_completion_request


@board_permission(Capability.VIEW_MEMBERS)
def action_completion_request_view(
    request: HttpRequest, *, access: BoardAccess, number: int
) -> HttpResponse:
    """POST: the action's lead (or the chair or clerk) marks it complete and asks the chair
    to close it; back to the action. 403 for other members, 405 for GET."""
    action = action_for_view(access, number)
    if not (access.allows(Capability.MANAGE_ACTIONS)
            or action_is_led_by(action=action, user=request.user)):
        raise PermissionDenied("Only the action's leads, the chair and the clerk may do this.")
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    form = CompletionRequestForm(request.POST)
    if form.is_valid():
        try:
            action_completion_request(action=action, actor=request.user,
                                      note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Action {action.number} marked complete: the chair "
                                      "is asked to close it")
    return redirect(_detail_url(action))
