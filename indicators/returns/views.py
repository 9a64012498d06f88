"""Return pages: the return grid, approvals, history and the RAG override.

Access: boards.access decorators on the indicator's board; editing an
indicator's figures also needs the object rule of
indicators.definitions.selectors.user_may_edit_indicator (403 otherwise).
Writes go through indicators.returns.services; reads through
indicators.returns.selectors.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from boards.access import BoardAccess, Capability, board_permission
from csp_portal.concurrency import (
    ConflictRow,
    EditConflict,
    conflict_response,
    values_digest,
)
from indicators.definitions.selectors import indicator_get
from indicators.definitions.views import require_editor
from indicators.models import Indicator
from indicators.performance import FinancialYear, period_label

from . import selectors as sel
from . import services
from .forms import (
    CommentaryForm,
    RagOverrideForm,
    ReturnRowForm,
    ReturnRowFormSet,
    SendBackForm,
)


def _row_initial(row: sel.GridRow, cohort: bool) -> dict[str, Any]:
    ret = row.current
    if ret is None:
        return {"version": 0, "read": values_digest([])}
    initial = {
        "version": ret.version,
        "value": ret.value, "fytd_reported": ret.fytd_reported,
        "london_change_pct": ret.london_change_pct, "london_comparator": ret.london_comparator,
    }
    if cohort:
        initial["cohort_label"] = ret.cohort_label
    initial["read"] = values_digest(initial.get(n) for n in ReturnRowForm.FIGURES)
    return initial


def _error_list(formset, commentary, override) -> list[tuple[str, str]]:
    """(field id, message) for the error summary, in page order."""
    errors = []
    for form in (*formset.forms, commentary, override):
        if form is None or not form.is_bound:
            continue
        for name, messages_ in form.errors.items():
            target = form[name].auto_id if name in form.fields else ""
            errors += [(target, m) for m in messages_]
    errors += [("", m) for m in formset.non_form_errors()]
    return errors


def _grid_page(
    request: HttpRequest, access: BoardAccess, indicator: Indicator, year: FinancialYear, *,
    formset=None, commentary=None, override=None,
) -> HttpResponse:
    grid = sel.return_grid(indicator=indicator, year=year)
    cohort = indicator.frequency == Indicator.Frequency.COHORT
    labels = [r.label for r in grid["rows"]]
    if formset is None:
        formset = ReturnRowFormSet(
            initial=[_row_initial(r, cohort) for r in grid["rows"]], prefix="returns",
            row_labels=labels, cohort=cohort,
        )
    latest = grid["latest"]
    if commentary is None:
        texts = [latest.performance_overview if latest else "",
                 latest.actions_to_improve if latest else ""]
        commentary = CommentaryForm(initial={
            "performance_overview": texts[0], "actions_to_improve": texts[1],
            "read": values_digest(texts),
        })
    reported = [r for r in grid["rows"] if r.current is not None]
    if override is None and reported and access.allows(Capability.APPROVE_RETURNS):
        default = latest or reported[-1].current
        override = RagOverrideForm(
            periods=[(r.period.isoformat(), r.label) for r in reported],
            initial={"period": default.period.isoformat(), "rag": default.rag_override,
                     "reason": default.rag_override_reason},
        )
    errors = _error_list(formset, commentary, override)
    context = {
        "access": access, "board": access.board, "indicator": indicator, "year": year,
        "rows": list(zip(grid["rows"], formset.forms, strict=True)), "formset": formset,
        "commentary": commentary, "override": override, "latest": latest, "errors": errors,
        "cohort": cohort, "previous_year": year.previous(),
        "next_year": FinancialYear(year.start_year + 1),
        "overrides": [r.current for r in reported if r.current.rag_override],
    }
    return render(request, "indicators/returns/return_grid.html", context, status=200)


def _save_grid(request, indicator, year, grid, formset, commentary) -> bool:
    """Save each period and the commentary; False (with errors added) if anything is refused."""
    cohort = indicator.frequency == Indicator.Frequency.COHORT
    rows = []
    for row, form in zip(grid["rows"], formset.forms, strict=True):
        values = dict(form.cleaned_data)
        version = values.pop("version")
        values.pop("read", None)
        if not cohort:
            values.pop("cohort_label", None)
        rows.append((row.period, values, version, form.edited))
    with_figure = [
        period for period, values, _, _ in rows
        if values.get("value") is not None or values.get("fytd_reported") is not None
    ]
    if not with_figure and any(v.strip() for v in commentary.texts().values()):
        commentary.add_error(
            "performance_overview", "Enter a figure for a period before the commentary"
        )
        return False
    try:
        with transaction.atomic():
            for period, values, version, edited in rows:
                if with_figure and period == with_figure[-1]:
                    # The year's commentary belongs to its latest reported period.
                    values.update(commentary.texts())
                    edited = edited or commentary.edited
                if not edited:
                    # Only what this editor changed: a period someone else saved meanwhile
                    # keeps their figures.
                    continue
                services.indicator_return_save(
                    indicator=indicator, period=period, actor=request.user, values=values,
                    version=version,
                )
            if request.POST.get("action") == "submit":
                submitted = services.indicator_returns_submit(
                    indicator=indicator, year=year, actor=request.user
                )
                messages.success(
                    request,
                    f"{len(submitted)} return{'s' if len(submitted) != 1 else ''} of "
                    f"{year.label} submitted for approval.",
                )
            else:
                messages.success(request, f"Draft returns of {year.label} saved.")
    except EditConflict:
        raise
    except ValidationError as exc:
        formset.forms[0].add_error(None, exc.messages)
        return False
    return True


def _same(theirs: Any, yours: Any) -> bool:
    if theirs in (None, "") and yours in (None, ""):
        return True
    return theirs == yours


def _grid_conflict(request, access, indicator, year, formset, commentary) -> HttpResponse:
    """The conflict page: each figure someone else saved differently, beside what was typed."""
    fresh = sel.return_grid(indicator=indicator, year=year)
    rows, versions = [], {}
    for row, form in zip(fresh["rows"], formset.forms, strict=True):
        ret = row.current
        versions[form.add_prefix("version")] = ret.version if ret else 0
        for name, field in form.fields.items():
            if name in ("version", "read"):
                continue
            theirs, yours = getattr(ret, name, None), form.cleaned_data.get(name)
            if not _same(theirs, yours):
                rows.append(ConflictRow(str(field.label), "" if theirs is None else str(theirs),
                                        "" if yours is None else str(yours)))
    latest = fresh["latest"]
    for name, yours in commentary.texts().items():
        theirs = getattr(latest, name, "") if latest else ""
        if not _same(theirs.strip(), yours.strip()):
            rows.append(ConflictRow(str(commentary.fields[name].label), theirs, yours))
    return conflict_response(
        request, title=f"the returns of {indicator.reference} for {year.label}", rows=rows,
        versions=versions, back_url=_grid_url(access, indicator, year),
    )


@board_permission(Capability.VIEW_MEMBERS)
def return_grid(
    request: HttpRequest, *, access: BoardAccess, reference: str, year: int
) -> HttpResponse:
    """A financial year's returns of one indicator, with last year's beside them (editors only)."""
    indicator = indicator_get(board=access.board, reference=reference)
    require_editor(request, access, indicator)
    fy = FinancialYear(year)
    if request.method != "POST":
        return _grid_page(request, access, indicator, fy)
    grid = sel.return_grid(indicator=indicator, year=fy)
    formset = ReturnRowFormSet(
        request.POST, prefix="returns", row_labels=[r.label for r in grid["rows"]],
        cohort=indicator.frequency == Indicator.Frequency.COHORT,
    )
    commentary = CommentaryForm(request.POST)
    if not formset.management_form.is_valid() or formset.total_form_count() != len(grid["rows"]):
        # Not a post of this grid (e.g. a stale page of another frequency): show what is stored.
        messages.error(request, "The figures could not be read. Enter them again.")
        return _grid_page(request, access, indicator, fy)
    valid = formset.is_valid() and commentary.is_valid()
    try:
        if valid and _save_grid(request, indicator, fy, grid, formset, commentary):
            return redirect(_grid_url(access, indicator, fy))
    except EditConflict:
        return _grid_conflict(request, access, indicator, fy, formset, commentary)
    return _grid_page(request, access, indicator, fy, formset=formset, commentary=commentary)


def _grid_url(access: BoardAccess, indicator: Indicator, year: FinancialYear) -> str:
    return reverse("indicators:return_grid", kwargs={
        "slug": access.board.slug, "reference": indicator.reference, "year": year.start_year,
    })


@board_permission(Capability.APPROVE_RETURNS)
@require_POST
def return_override_rag(
    request: HttpRequest, *, access: BoardAccess, reference: str, year: int
) -> HttpResponse:
    """Set or clear the board's RAG override on one period of the grid; a reason is required."""
    indicator = indicator_get(board=access.board, reference=reference)
    fy = FinancialYear(year)
    grid = sel.return_grid(indicator=indicator, year=fy)
    reported = {r.period.isoformat(): r for r in grid["rows"] if r.current is not None}
    form = RagOverrideForm(request.POST, periods=[(k, r.label) for k, r in reported.items()])
    if form.is_valid():
        row = reported[form.cleaned_data["period"]]
        services.indicator_return_override_rag(
            indicator_return=row.current, actor=request.user,
            rag=form.cleaned_data["rag"], reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"RAG rating of {row.label} saved.")
        return redirect(_grid_url(access, indicator, fy))
    return _grid_page(request, access, indicator, fy, override=form)


# --- Approvals and history ----------------------------------------------------------------------


def _approvals_page(request, access, send_back_forms=None, approve_errors=None) -> HttpResponse:
    send_back_forms = send_back_forms or {}
    approve_errors = approve_errors or {}  # return pk -> (typed reason, [messages])
    groups = sel.returns_awaiting_approval(board=access.board)
    others = None
    for _, returns in groups:
        for ret in returns:
            form = send_back_forms.get(ret.pk)
            ret.send_back_errors = form.errors.get("reason", []) if form else []
            ret.send_back_reason = form.data.get("reason", "") if form else ""
            by = ret.submitted_by
            ret.submitter_name = (by.get_full_name() or by.username) if by else ""
            # Separation of duties (services.indicator_return_approve).
            ret.submitted_by_me = ret.submitted_by_id == request.user.pk
            if ret.submitted_by_me and others is None:
                others = services.other_approvers(indicator_return=ret, actor=request.user)
            ret.needs_other_approver = ret.submitted_by_me and bool(others)
            ret.self_approval = ret.submitted_by_me and not others
            ret.self_approval_reason, ret.self_approval_errors = approve_errors.get(
                ret.pk, ("", [])
            )
    errors = [
        (f"reason-{pk}", message)
        for pk, form in send_back_forms.items() for message in form.errors.get("reason", [])
    ] + [
        (f"self-approval-{pk}", message)
        for pk, (_, messages_) in approve_errors.items() for message in messages_
    ]
    context = {"access": access, "board": access.board, "groups": groups, "errors": errors}
    return render(request, "indicators/returns/approvals.html", context)


@board_permission(Capability.APPROVE_RETURNS)
def return_approvals(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """Submitted returns of the board's indicators, to approve or send back (chair, clerk)."""
    return _approvals_page(request, access)


@board_permission(Capability.APPROVE_RETURNS)
@require_POST
def return_approve(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """Approve one submitted return so the performance report may use it."""
    ret = sel.return_get(board=access.board, pk=pk)
    label = f"{ret.indicator.reference} {period_label(ret.period)}"
    reason = request.POST.get("self_approval_reason", "")
    try:
        services.indicator_return_approve(
            indicator_return=ret, actor=request.user, self_approval_reason=reason
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "self_approval_reason" in exc.error_dict:
            # Re-show the page with the reason field in error and what was typed kept.
            return _approvals_page(request, access, approve_errors={
                ret.pk: (reason, exc.message_dict["self_approval_reason"])
            })
        messages.error(request, f"{label}: {' '.join(exc.messages)}")
    else:
        messages.success(request, f"{label} approved.")
    return redirect("indicators:return_approvals", slug=access.board.slug)


@board_permission(Capability.APPROVE_RETURNS)
@require_POST
def return_send_back(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """Send a submitted or approved return back to draft with a reason (re-shown if missing)."""
    ret = sel.return_get(board=access.board, pk=pk)
    form = SendBackForm(request.POST)
    label = f"{ret.indicator.reference} {period_label(ret.period)}"
    if not form.is_valid():
        return _approvals_page(request, access, {ret.pk: form})
    try:
        services.indicator_return_send_back(
            indicator_return=ret, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, f"{label}: {' '.join(exc.messages)}")
    else:
        messages.success(request, f"{label} sent back to draft.")
    return redirect("indicators:return_approvals", slug=access.board.slug)


@board_permission(Capability.VIEW_MEMBERS)
def return_history(request: HttpRequest, *, access: BoardAccess, reference: str) -> HttpResponse:
    """Every change to an indicator and its returns: who, when, old and new values."""
    indicator = indicator_get(board=access.board, reference=reference)
    context = {
        "access": access, "board": access.board, "indicator": indicator,
        "history": sel.indicator_history(indicator=indicator),
        "period_label": period_label,
    }
    return render(request, "indicators/returns/history.html", context)


@board_permission(Capability.APPROVE_RETURNS)
@require_POST
def return_approve_selected(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """Approve the returns ticked on the approvals page, after one confirmation.

    The first POST (``returns``: the ticked pks) shows the returns to confirm; the second
    (with ``confirm``) approves them all, each audited, or none if any cannot be.
    """
    selected = sel.returns_selected(board=access.board, pks=request.POST.getlist("returns"))
    if not selected:
        messages.error(request, "Select the returns to approve.")
        return redirect("indicators:return_approvals", slug=access.board.slug)
    if request.POST.get("confirm") != "yes":
        context = {"access": access, "board": access.board, "returns": selected}
        return render(request, "indicators/returns/approve_selected.html", context)
    try:
        approved = services.indicator_returns_approve_selected(
            board=access.board, returns=selected, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"{len(approved)} return{'s' if len(approved) != 1 else ''} approved."
        )
    return redirect("indicators:return_approvals", slug=access.board.slug)
