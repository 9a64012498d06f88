"""Pages that add an action from the plan and change an action's plan details.

Access: MANAGE_ACTIONS on the action's board (its chair and clerk, the chair of a board
above it, and the partnership's clerk; boards.access). Writes: actions.plan.services.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from actions.models import Action
from actions.selectors import board_current_members
from actions.views import action_for_view
from boards.access import BoardAccess, Capability, board_permission
from boards.models import Person

from . import selectors, services
from .forms import PlanActionForm


def _form(request: HttpRequest, access: BoardAccess, action: Action | None) -> PlanActionForm:
    leads = board_current_members(board=access.board)
    if action is not None:
        # The action's own leads stay choosable after they leave the board.
        leads = Person.objects.filter(pk__in=[
            *leads.values_list("pk", flat=True), *action.lead_people.values_list("pk", flat=True),
        ]).order_by("name")
    return PlanActionForm(
        request.POST if request.method == "POST" else None,
        leads=leads, organisations=selectors.organisation_choices(),
        priorities=selectors.priority_choices(board=access.board), action=action,
    )


def _save(form: PlanActionForm, change) -> bool:
    try:
        change()
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return False
    return True


def _detail(action: Action) -> str:
    return reverse("actions:action_detail", args=[action.board.slug, action.number])


@board_permission(Capability.MANAGE_ACTIONS)
def action_plan_add(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """Add an action from the plan to the board's log: no meeting needed."""
    form = _form(request, access, None)
    added: list[Action] = []
    if request.method == "POST" and form.is_valid() and _save(form, lambda: added.append(
        services.action_plan_add(board=access.board, fields=form.plan_fields(),
                                 actor=request.user)
    )):
        messages.success(request, f"Action {added[0].log_reference} added to the log")
        return redirect(_detail(added[0]))
    context = {"access": access, "board": access.board, "form": form, "action": None}
    return render(request, "actions/plan/plan_action_form.html", context)


@board_permission(Capability.MANAGE_ACTIONS)
def action_plan_edit(request: HttpRequest, *, access: BoardAccess, number: int) -> HttpResponse:
    """Change an action's details: reference, description, plan fields, leads, target,
    review date, RAG and status (each change is kept in its history and audited)."""
    action = action_for_view(access, number)
    form = _form(request, access, action)
    changed: list[bool] = []
    if request.method == "POST" and form.is_valid() and _save(form, lambda: changed.append(
        services.action_plan_change(action=action, fields=form.plan_fields(),
                                    actor=request.user)
    )):
        text = "changed" if changed[0] else "not changed: nothing was different"
        messages.success(request, f"Action {action.log_reference} {text}")
        return redirect(_detail(action))
    context = {"access": access, "board": access.board, "form": form, "action": action}
    return render(request, "actions/plan/plan_action_form.html", context)
