"""Indicator pages: the board's list, define and edit (DOMAIN.md: Performance).

Access: boards.access decorators on the indicator's board; editing an
indicator also needs definitions.selectors.user_may_edit_indicator (403 otherwise).
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from boards.access import BoardAccess, Capability, board_permission
from indicators.models import Indicator
from indicators.performance import financial_year

from . import selectors as sel
from . import services
from .forms import IndicatorForm


def require_editor(request: HttpRequest, access: BoardAccess, indicator: Indicator) -> None:
    """Raise PermissionDenied unless the user may change ``indicator`` (user_may_edit_indicator)."""
    if not sel.user_may_edit_indicator(user=request.user, access=access, indicator=indicator):
        raise PermissionDenied("Only officers of the owning subgroup may change this indicator.")


@board_permission(Capability.VIEW_MEMBERS)
def indicator_list(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """The board's indicators grouped by owning subgroup, each with its latest return's status."""
    context = {
        "access": access, "board": access.board,
        "groups": sel.indicator_list(board=access.board),
        "current_year": financial_year(timezone.localdate()).start_year,
    }
    return render(request, "indicators/returns/indicator_list.html", context)


def _indicator_form_page(
    request: HttpRequest, access: BoardAccess, indicator: Indicator | None
) -> HttpResponse:
    subgroups = sel.editable_subgroups(user=request.user, access=access)
    if indicator is not None and indicator.owning_subgroup not in subgroups:
        subgroups.append(indicator.owning_subgroup)
    if not subgroups:
        raise PermissionDenied("You do not keep the indicators of any subgroup of this board.")
    initial = IndicatorForm.initial_for(indicator) if indicator else None
    form = IndicatorForm(request.POST or None, initial=initial, subgroups=subgroups)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.indicator_save(
                board=access.board, actor=request.user, values=form.cleaned_values(),
                indicator=indicator,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Indicator {saved.reference} saved.")
            return redirect("indicators:indicator_list", slug=access.board.slug)
    context = {"access": access, "board": access.board, "form": form, "indicator": indicator}
    return render(request, "indicators/returns/indicator_form.html", context)


@board_permission(Capability.VIEW_MEMBERS)
def indicator_create(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """Define an indicator owned by one of the subgroups the user keeps indicators for."""
    return _indicator_form_page(request, access, None)


@board_permission(Capability.VIEW_MEMBERS)
def indicator_edit(request: HttpRequest, *, access: BoardAccess, reference: str) -> HttpResponse:
    """Change an indicator's one-page summary, unit, target and lead (editors only, else 403)."""
    indicator = sel.indicator_get(board=access.board, reference=reference)
    require_editor(request, access, indicator)
    return _indicator_form_page(request, access, indicator)
