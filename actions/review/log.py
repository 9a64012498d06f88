"""The chair's change to a selection of actions, made on the action log page itself
(actions.views.action_log). Writes: actions.review.services."""
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from boards.access import BoardAccess, Capability

from ..models import Action
from .forms import ActionSelectionForm
from .services import actions_close, actions_rag_change


@dataclass(frozen=True)
class Selectable:
    """The actions of the log the visitor may tick: the board's own open actions.

    ``actions`` is the unevaluated queryset (a POST checks the ticked pks against it in one
    query); ``record in selectable`` tells a row without a query, so a log of any length
    costs the same."""

    board_id: int
    actions: QuerySet

    def __contains__(self, record: Action) -> bool:
        return record.board_id == self.board_id and record.status == Action.Status.OPEN


def review_selectable(access: BoardAccess, actions: QuerySet) -> Selectable | None:
    """The Selectable actions of ``actions`` for MANAGE_ACTIONS holders; None for anyone
    else (the log shows no boxes)."""
    if not access.allows(Capability.MANAGE_ACTIONS):
        return None
    return Selectable(board_id=access.board.pk, actions=actions.filter(
        board=access.board, status=Action.Status.OPEN))


def review_post(
    request: HttpRequest, access: BoardAccess, selectable: Selectable | None
) -> tuple[ActionSelectionForm, HttpResponse | None]:
    """Apply a POSTed change to the selected actions. Returns the form and a redirect on
    success (None when the form is to be shown again with its errors). PermissionDenied
    for a visitor who may not manage the board's actions."""
    if selectable is None:
        raise PermissionDenied("Only the chair and the clerk may change actions from the log.")
    form = ActionSelectionForm(request.POST, selectable=selectable.actions)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    chosen = list(data["selected"].select_related("board").order_by("number"))
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
