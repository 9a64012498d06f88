"""The chair's change to a selection of actions, made on the action log page itself
(actions.views.action_log). Writes: actions.review.services."""
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from boards.access import BoardAccess, Capability

from ..models import Action
from .forms import ActionSelectionForm
from .services import actions_close, actions_rag_change


def review_selectable(access: BoardAccess, actions: Any) -> list[int]:
    """Pks of the actions of ``actions`` the visitor may change from the log: the board's own
    open actions, for MANAGE_ACTIONS holders; none for anyone else."""
    if not access.allows(Capability.MANAGE_ACTIONS):
        return []
    return list(actions.filter(board=access.board, status=Action.Status.OPEN)
                .order_by().values_list("pk", flat=True))


def review_post(
    request: HttpRequest, access: BoardAccess, selectable: list[int]
) -> tuple[ActionSelectionForm, HttpResponse | None]:
    """Apply a POSTed change to the selected actions. Returns the form and a redirect on
    success (None when the form is to be shown again with its errors). PermissionDenied
    for a visitor who may not manage the board's actions."""
    if not access.allows(Capability.MANAGE_ACTIONS):
        raise PermissionDenied("Only the chair and the clerk may change actions from the log.")
    form = ActionSelectionForm(request.POST, selectable=selectable)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    chosen = list(Action.objects.filter(pk__in=data["selected"]).select_related("board")
                  .order_by("number"))
    try:
        if data["change"] == "rag":
            done = actions_rag_change(actions=chosen, actor=request.user,
                                      rag_status=data["rag_status"], note=data["note"])
            what = "RAG status changed"
        else:
            done = actions_close(actions=chosen, actor=request.user, note=data["note"])
            what = "closed"
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return form, None
    numbers = ", ".join(a.log_reference for a in done) or "none"
    messages.success(request, f"Actions {what}: {numbers}")
    return form, redirect(request.get_full_path())
