"""Subgroup update report pages: the clerk asks for reports; a subgroup's officers write them.

Access: boards.access decorators; reads: selectors; writes: services.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from boards.access import BoardAccess, Capability, board_permission
from csp_portal.concurrency import EditConflict, conflict_response, form_conflict_rows

from . import selectors, services
from .forms import ReportRequestForm, SubgroupReportForm
from .models import SubgroupReport
from .tables import report_requests_table, report_summary_rows, subgroup_reports_table


@board_permission(Capability.MANAGE_MEETINGS)
def report_requests(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """The clerk's list of the board's subgroups and their reports for meeting ``pk``,
    with the form that asks chosen subgroups for reports by a deadline."""
    meeting = selectors.board_meeting_get(board=access.board, pk=pk)
    rows = selectors.meeting_subgroup_report_rows(meeting=meeting)
    form = ReportRequestForm(
        request.POST if request.method == "POST" else None,
        meeting=meeting,
        subgroups=[row.subgroup for row in rows],
        labels={row.subgroup.pk: row.label for row in rows},
        agenda_items=selectors.meeting_agenda_items(meeting=meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            reports = services.subgroup_reports_request(
                meeting=meeting,
                subgroups=form.cleaned_data["subgroups"],
                deadline=form.cleaned_data["deadline"],
                agenda_item=form.cleaned_data["agenda_item"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            names = ", ".join(r.subgroup.name for r in reports)
            messages.success(
                request,
                f"Asked for update reports by {form.cleaned_data['deadline']:%-d %B %Y}: {names}",
            )
            return redirect(request.path)
    context = {
        "access": access,
        "board": access.board,
        "meeting": meeting,
        "rows": rows,
        "table": report_requests_table(meeting=meeting, rows=rows),
        "form": form,
    }
    return render(request, "subgroups/report_requests.html", context)


@board_permission(Capability.MANAGE_MEETINGS)
def report_mark_verbal(
    request: HttpRequest, *, access: BoardAccess, pk: int, report_pk: int
) -> HttpResponse:
    """POST: record that a subgroup will give a verbal update; back to the request page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    meeting = selectors.board_meeting_get(board=access.board, pk=pk)
    report = selectors.meeting_subgroup_report_get(meeting=meeting, pk=report_pk)
    try:
        services.subgroup_report_mark_verbal(report=report, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{report.subgroup.name} will give a verbal update")
    return redirect("subgroups:report_requests", slug=access.board.slug, pk=meeting.pk)


def _subgroup_or_404(access: BoardAccess) -> None:
    # Only a board that reports to another has update reports to write.
    if access.board.parent_id is None:
        raise Http404("This board does not report to another board.")


@board_permission(Capability.SUBMIT_REPORT)
def report_list(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """A subgroup's update reports: those asked for and those submitted, latest meeting first."""
    _subgroup_or_404(access)
    reports = list(selectors.subgroup_reports(subgroup=access.board))
    context = {
        "access": access,
        "board": access.board,
        "reports": reports,
        "table": subgroup_reports_table(subgroup=access.board, reports=reports),
    }
    return render(request, "subgroups/report_list.html", context)


def _initial(report: SubgroupReport, user) -> dict:
    initial = {
        name: getattr(report, name)
        for name in services.SubgroupReportContent.__dataclass_fields__
    }
    person = getattr(user, "person", None)
    if not report.author and person is not None:
        initial["author"] = person.name_and_post
    if not report.contact and person is not None:
        initial["contact"] = person.email
    return initial


@board_permission(Capability.SUBMIT_REPORT)
def report_edit(request: HttpRequest, *, access: BoardAccess, report_pk: int) -> HttpResponse:
    """Write, save or submit the subgroup's report ``report_pk`` in the four-section template.

    Read-only once the meeting is held or the clerk has recorded a verbal
    update: a POST then is refused (403), as the user can see but not change it.
    """
    _subgroup_or_404(access)
    report = selectors.subgroup_report_get(subgroup=access.board, pk=report_pk)
    editable = selectors.subgroup_report_is_editable(report=report)
    if request.method == "POST" and not editable:
        raise PermissionDenied("This report can no longer be changed.")
    submitting = "submit_report" in request.POST
    form = SubgroupReportForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(report, request.user),
        submitting=submitting,
        show_draft=report.status != SubgroupReport.Status.SUBMITTED,
        version=report.version,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if submitting:
                services.subgroup_report_submit(
                    report=report, content=form.content(), actor=request.user,
                    version=form.read_version,
                )
            else:
                services.subgroup_report_update(
                    report=report, content=form.content(), actor=request.user,
                    version=form.read_version,
                )
        except EditConflict as conflict:
            saved = selectors.subgroup_report_get(subgroup=access.board, pk=report_pk)
            return conflict_response(
                request, title=f"the report “{saved.display_title}”",
                rows=form_conflict_rows(form, saved, list(
                    services.SubgroupReportContent.__dataclass_fields__)),
                versions={"version": conflict.current_version},
                back_url=request.get_full_path(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, (
                "Your report has been sent to the clerk" if submitting
                else "Your report has been saved as a draft"
                if report.status == SubgroupReport.Status.REQUESTED
                else "Your changes have been saved"
            ))
            return redirect(reverse(
                "subgroups:report_edit", args=[access.board.slug, report.pk]
            ))
    state = selectors.subgroup_report_state(report=report)
    context = {
        "access": access,
        "board": access.board,
        "report": report,
        "meeting": report.meeting,
        "editable": editable,
        "state": state,
        "summary": report_summary_rows(report=report, state=state),
        "form": form,
    }
    return render(request, "subgroups/report_edit.html", context)
