"""The performance dashboard, one-page summary pages and the report PDF.

Access (boards.access): the dashboard and summary pages are for board members
(VIEW_MEMBERS): they show approved figures of any month, published or not. A
report's PDF follows indicators.report.selectors.report_is_public. Producing a
PDF needs APPROVE_RETURNS (chair and clerk). The executive summary is written by
those who keep the figures (EDIT_INDICATORS) and approved by the chair or clerk.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from boards.access import BoardAccess, Capability, board_members_only, board_permission, board_view
from indicators import performance as perf
from indicators.models import PerformanceReportRender, ReportGrouping

from . import selectors
from .context import executive_summary_draft, performance_report_context
from .services import (
    performance_report_executive_summary_save,
    performance_report_render_again,
    performance_report_render_request,
)


def _as_at(request: HttpRequest, board, months=None) -> tuple[object, str, str]:
    """The month asked for (``?as_at=YYYY-MM``) or the latest reported, the typed text, error.

    ``months``, when given, are the board's reported months, latest first
    (selectors.board_reported_months): the latest is read from them, not queried again.
    """
    def latest():
        if months is not None:
            return months[0] if months else None
        return selectors.board_latest_month(board=board)

    typed = request.GET.get("as_at", "").strip()
    if typed:
        try:
            return selectors.parse_as_at(typed), typed, ""
        except selectors.AsAtError as exc:
            return latest(), typed, str(exc)
    return latest(), "", ""


@board_members_only
def dashboard(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """The board's indicators as at a month: executive summary and the summary table, grouped
    by owning subgroup or, with ``?group=priority``, by the plan's priorities."""
    board = access.board
    months = selectors.board_reported_months(board=board)
    as_at, typed, error = _as_at(request, board, months)
    grouping = request.GET.get("group", "")
    if grouping not in ReportGrouping.values:
        grouping = ReportGrouping.OWNING_SUBGROUP
    context = {
        "access": access,
        "board": board,
        "grouping": grouping,
        "groupings": ReportGrouping.choices,
        "as_at": as_at,
        "as_at_typed": typed or (f"{as_at:%Y-%m}" if as_at else ""),
        "as_at_error": error,
        "months": months,
        "reports": selectors.board_performance_reports(board=board),
    }
    if as_at is not None:
        context.update(selectors.performance_dashboard_context(
            board=board, as_at=as_at, grouping=grouping))
    return render(request, "indicators/report/dashboard.html", context)


@board_members_only
def indicator_summary(request: HttpRequest, *, access: BoardAccess, reference: str) -> HttpResponse:
    """One indicator's one-page summary as at a month, with its chart and figures."""
    board = access.board
    as_at, typed, error = _as_at(request, board)
    if as_at is None:
        raise Http404("No approved returns yet.")
    context = selectors.indicator_summary_context(board=board, reference=reference, as_at=as_at)
    context.update(
        access=access, board=board, as_at=as_at, as_at_error=error,
        as_at_query=f"?as_at={as_at:%Y-%m}", as_at_label=perf.period_label(as_at),
    )
    return render(request, "indicators/report/indicator_summary.html", context)


@board_view
def report_download(request: HttpRequest, *, access: BoardAccess, report_pk: int) -> FileResponse:
    """The latest ready PDF of a report the visitor may see; 404 if there is none."""
    report = selectors.performance_report_get(
        board=access.board, pk=report_pk, is_member=access.is_member
    )
    pdf_render = selectors.report_latest_ready_render(report=report)
    try:
        handle = pdf_render.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The report's file is missing; it needs producing again.") from exc
    filename = f"{access.board.slug}-performance-report-{report.as_at:%Y-%m}.pdf"
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )


@board_permission(Capability.APPROVE_RETURNS)
@require_POST
def report_render_request(
    request: HttpRequest, *, access: BoardAccess, report_pk: int
) -> HttpResponse:
    """Queue a PDF of the report for the worker, then back to the dashboard."""
    report = selectors.performance_report_get(
        board=access.board, pk=report_pk, is_member=access.is_member
    )
    performance_report_render_request(report=report, actor=request.user)
    messages.success(
        request,
        f"The PDF of “{report.title}” (as at {report.as_at:%B %Y}) has been requested. "
        "Refresh this page to see when it is ready.",
    )
    return redirect(reverse("indicators:dashboard", kwargs={"slug": access.board.slug})
                    + "#reports")


@board_permission(Capability.EDIT_INDICATORS)
def executive_summary_edit(
    request: HttpRequest, *, access: BoardAccess, report_pk: int
) -> HttpResponse:
    """GET: the report's executive summary to edit, drafted from the ratings when none is
    written. POST: save it; "approve" (chair or clerk only) saves and approves it, and
    only approved text prints."""
    report = selectors.performance_report_get(
        board=access.board, pk=report_pk, is_member=access.is_member
    )
    context = performance_report_context(report=report, charts=False)
    draft = executive_summary_draft(context)
    error = ""
    text = report.executive_summary or draft
    if request.method == "POST":
        approve = "approve" in request.POST
        if approve and not access.can.approve_returns:
            raise PermissionDenied("Only the chair or clerk may approve the executive summary.")
        text = request.POST.get("text", "")
        if "redraft" in request.POST:
            text = draft
        else:
            try:
                performance_report_executive_summary_save(
                    report=report, text=text, actor=request.user, approve=approve
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, "Executive summary approved" if approve
                                 else "Executive summary saved; it prints once approved")
                return redirect(reverse("indicators:dashboard",
                                        kwargs={"slug": access.board.slug}) + "#reports")
    return render(request, "indicators/report/executive_summary.html", {
        "access": access, "board": access.board, "report": report, "text": text,
        "draft": draft, "error": error, "as_at_label": context["as_at_label"],
    })


@board_permission(Capability.APPROVE_RETURNS)
@require_POST
def report_render_again(
    request: HttpRequest, *, access: BoardAccess, report_pk: int, render_pk: int
) -> HttpResponse:
    """Request a failed or stuck PDF render of the report again, then back to the dashboard."""
    report = selectors.performance_report_get(
        board=access.board, pk=report_pk, is_member=access.is_member
    )
    pdf_render = get_object_or_404(PerformanceReportRender, report=report, pk=render_pk)
    try:
        performance_report_render_again(render=pdf_render, actor=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The PDF of “{report.title}” has been requested again.")
    return redirect(reverse("indicators:dashboard", kwargs={"slug": access.board.slug})
                    + "#reports")
