"""Plan pages: the board's plans and one plan with its priorities, for anyone when it is
approved; the clerk's pages to add and change plans, their versions and priorities.

Access (boards.access): reading is ``board_view`` (plans.selectors leave out, or 404 on,
what only members may see); changing needs MANAGE_PARTNERSHIP on the plan's board.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from boards.access import BoardAccess, Capability, board_permission, board_view
from boards.models import Board

from . import selectors, services
from .forms import PlanForm, PlanVersionForm, PriorityForm
from .models import Plan

manage_partnership = board_permission(Capability.MANAGE_PARTNERSHIP)


def _apply(form: Form, change: Any) -> bool:
    """Run ``change()``; a ValidationError's messages go on ``form``'s fields. True if done."""
    try:
        change()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return False
    return True


def _plan_url(plan: Plan) -> str:
    return reverse("plans:plan_detail", args=[plan.board.slug, plan.pk])


def _approving_boards(board: Board) -> Any:
    ids = [board.pk, *(b.pk for b in board.ancestors())]
    return Board.objects.filter(pk__in=ids).order_by("name")


@board_view
def plan_list(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """The board's partnership plans: approved ones for everyone, drafts for members."""
    plans = selectors.board_plans(board=access.board, is_member=access.is_member)
    context = {"access": access, "board": access.board, "plans": plans}
    return render(request, "plans/plan_list.html", context)


@board_view
def plan_detail(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """One plan: document control, and each priority with its objectives, its actions' RAG
    counts and its indicators' latest ratings; members also see the actions."""
    plan = selectors.plan_get(board=access.board, pk=pk, is_member=access.is_member)
    context = {
        "access": access, "board": access.board, "plan": plan,
        "versions": list(plan.versions.all()),
        "priorities": selectors.plan_overview(plan=plan, is_member=access.is_member),
    }
    return render(request, "plans/plan_detail.html", context)


@manage_partnership
def plan_add(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """Add a plan to the board."""
    form = PlanForm(request.POST or None, boards=_approving_boards(access.board))
    created: list[Plan] = []
    if request.method == "POST" and form.is_valid() and _apply(form, lambda: created.append(
        services.plan_create(board=access.board, values=form.values(), actor=request.user)
    )):
        messages.success(request, f"{created[0].title} added")
        return redirect(_plan_url(created[0]))
    context = {"access": access, "board": access.board, "form": form, "plan": None}
    return render(request, "plans/plan_form.html", context)


@manage_partnership
def plan_edit(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """Change a plan's title, period, status, approval, review date or introduction."""
    plan = selectors.plan_get(board=access.board, pk=pk, is_member=True)
    form = PlanForm(request.POST or None, boards=_approving_boards(access.board), plan=plan)
    if request.method == "POST" and form.is_valid() and _apply(
        form, lambda: services.plan_change(plan=plan, values=form.values(), actor=request.user)
    ):
        messages.success(request, f"{plan.title} saved")
        return redirect(_plan_url(plan))
    context = {"access": access, "board": access.board, "form": form, "plan": plan}
    return render(request, "plans/plan_form.html", context)


@manage_partnership
def plan_version_add(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """Add a row to a plan's version history."""
    plan = selectors.plan_get(board=access.board, pk=pk, is_member=True)
    form = PlanVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _apply(
        form, lambda: services.plan_version_add(plan=plan, actor=request.user,
                                                **form.cleaned_data)
    ):
        messages.success(request, f"Version {form.cleaned_data['version']} added")
        return redirect(_plan_url(plan) + "#versions")
    context = {"access": access, "board": access.board, "form": form, "plan": plan,
               "heading": "Add a version"}
    return render(request, "plans/plan_part_form.html", context)


@manage_partnership
def priority_add(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """Add a priority to a plan, or an objective under one of its priorities."""
    plan = selectors.plan_get(board=access.board, pk=pk, is_member=True)
    form = PriorityForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid() and _apply(form, lambda: _add(
        plan, form, request.user
    )):
        messages.success(request, f"{form.cleaned_data['code']} {form.cleaned_data['title']} "
                                  "added")
        return redirect(_plan_url(plan))
    context = {"access": access, "board": access.board, "form": form, "plan": plan,
               "heading": "Add a priority or objective"}
    return render(request, "plans/plan_part_form.html", context)


def _add(plan: Plan, form: PriorityForm, actor: Any) -> None:
    code = form.cleaned_data["code"].strip()
    if plan.priorities.filter(code=code).exists():
        raise ValidationError({"code": [f"The plan already has a priority or objective {code}"]})
    services.priority_upsert(plan=plan, values=form.values(), actor=actor)


@manage_partnership
def priority_edit(
    request: HttpRequest, *, access: BoardAccess, pk: int, priority_pk: int
) -> HttpResponse:
    """Change a priority or objective of a plan."""
    plan = selectors.plan_get(board=access.board, pk=pk, is_member=True)
    priority = selectors.plan_priority_get(plan=plan, pk=priority_pk)
    form = PriorityForm(request.POST or None, plan=plan, priority=priority)
    if request.method == "POST" and form.is_valid() and _apply(
        form, lambda: services.priority_change(priority=priority, values=form.values(),
                                               actor=request.user)
    ):
        messages.success(request, f"{priority.code} {priority.title} saved")
        return redirect(_plan_url(plan))
    context = {"access": access, "board": access.board, "form": form, "plan": plan,
               "heading": f"Change {priority.code} {priority.title}"}
    return render(request, "plans/plan_part_form.html", context)
