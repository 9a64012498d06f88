"""The partnership import page, its template and a partnership's workbook as it is now.

Access (boards.access): the import and the template are for anyone who manages a board or
may set up a partnership (user_may_set_up; others 403), and what an import may change is their scope
(partnerships.selectors.import_scope); a board's workbook needs MANAGE_PARTNERSHIP on it.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from boards.access import (
    BoardAccess,
    Capability,
    board_permission,
    login_required_view,
    user_may_set_up,
)
from boards.setup.selectors import managed_boards

from . import selectors, workbook
from .forms import PartnershipImportForm
from .services import partnership_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ERRORS_IN_SUMMARY = 20


def _require_manager(request: HttpRequest) -> None:
    if not user_may_set_up(request.user):
        raise PermissionDenied("Only a partnership's clerk may import its workbook.")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required_view
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload the partnership workbook: every row is checked first and one bad row saves
    nothing; the page lists every bad row by sheet and row, or what was imported."""
    _require_manager(request)
    form = PartnershipImportForm(request.POST or None, request.FILES or None)
    result, file_name = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = upload.name
        try:
            sheets = workbook.read_xlsx(upload.read())
        except workbook.WorkbookError as exc:
            form.add_error("file", f"{file_name}: {exc}")
        else:
            result = partnership_import(
                sheets=sheets, actor=request.user, dry_run=form.cleaned_data["dry_run"],
                scope=selectors.import_scope(user=request.user),
            )
            if not result.ok:
                count = len(result.errors)
                form.add_error("file", (
                    f"{file_name} was not imported: {count} row{'s' if count != 1 else ''} "
                    f"{'have' if count != 1 else 'has'} problems. Correct "
                    f"{'them' if count != 1 else 'it'} and choose the file again"))
            elif not result.dry_run:
                text = "; ".join(result.lines()) or "the workbook has no rows"
                if not result.changed:
                    text += ". Nothing changed: the portal already matches the workbook"
                messages.success(request, f"{file_name} imported: {text}.")
                return redirect("partnerships:import")
    errors = result.errors if result else []
    context = {
        "form": form, "result": result if result and result.ok else None,
        "file_name": file_name, "row_errors": errors,
        "summary_errors": errors[:MAX_ERRORS_IN_SUMMARY],
        "more_errors": max(len(errors) - MAX_ERRORS_IN_SUMMARY, 0),
        "sheets": [(name, columns, workbook.REQUIRED_COLUMNS[name], workbook.GUIDE[name])
                   for name, columns in workbook.SHEETS.items()],
        "boards": [b for b in managed_boards(user=request.user) if b.parent_id is None],
        "max_mb": workbook.MAX_FILE_BYTES // 1024 // 1024,
    }
    return render(request, "partnerships/import.html", context)


@login_required_view
def import_template(request: HttpRequest) -> HttpResponse:
    """The workbook with every sheet's header row and a guide, to fill in."""
    _require_manager(request)
    return _xlsx(workbook.workbook_xlsx(), "partnership-workbook.xlsx")


@board_permission(Capability.MANAGE_PARTNERSHIP)
def board_workbook(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """The board and every board below it as a filled-in workbook, to change and import."""
    rows = selectors.partnership_rows(board=access.board)
    return _xlsx(workbook.workbook_xlsx(rows), f"{access.board.slug}-partnership.xlsx")
