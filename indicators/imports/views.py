"""Pages for importing KPI returns from a CSV or XLSX file, and its template.

Access: EDIT_INDICATORS on the board (boards.access); which rows a user may
import is the object rule of indicators.definitions.selectors.indicators_editable_by.
Reading and checking: indicators.imports.files and .checks; saving: indicators.imports.services.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from boards.access import BoardAccess, Capability, board_permission
from indicators.definitions.selectors import indicators_editable_by
from indicators.performance import period_label

from . import checks, selectors
from .files import template_csv, template_rows, template_xlsx
from .forms import ReturnImportForm
from .services import indicator_returns_import

edit_indicators = board_permission(Capability.EDIT_INDICATORS)

TEMPLATE_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_ERRORS_IN_SUMMARY = 20


def _page(request, access: BoardAccess, form, *, check=None, file_name="") -> HttpResponse:
    period = selectors.default_template_period(timezone.localdate())
    board = access.board
    editable = indicators_editable_by(user=request.user, access=access)
    errors = check.errors if check else []
    context = {
        "access": access,
        "board": board,
        "form": form,
        "file_name": file_name,
        "row_errors": errors,
        "summary_errors": errors[:MAX_ERRORS_IN_SUMMARY],
        "more_errors": max(len(errors) - MAX_ERRORS_IN_SUMMARY, 0),
        "has_errors": bool(form.errors or errors),
        "columns": checks.COLUMN_HELP,
        "template_period": period,
        "template_period_label": period_label(period),
        "template_links": [
            (fmt.upper(), reverse("indicators:import_template", args=[board.slug, fmt])
             + f"?period={period:%Y-%m}")
            for fmt in TEMPLATE_FORMATS
        ],
        "editable": editable,
        "max_mb": checks.MAX_FILE_BYTES // 1024 // 1024,
    }
    return render(request, "indicators/imports/import_returns.html", context)


@edit_indicators
def import_returns(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """Upload a returns file; every row is checked first, and one bad row refuses the file.

    GET shows the form and the file format. POST reads the file (by content:
    XLSX or UTF-8 CSV), checks every row (indicators.imports.checks.check_returns),
    and either re-shows the page with every bad row and its reason, saving
    nothing, or saves them all in one transaction and redirects back with the
    counts of returns created, updated and unchanged.
    """
    if request.method != "POST":
        return _page(request, access, ReturnImportForm())
    form = ReturnImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, access, form)
    upload = form.cleaned_data["file"]
    file_name = upload.name
    try:
        table = checks.read_returns_file(upload.read())
    except checks.ImportFileError as exc:
        form.add_error("file", f"{file_name}: {exc}")
        return _page(request, access, form, file_name=file_name)
    check = checks.check_returns(
        table=table, user=request.user, access=access, today=timezone.localdate()
    )
    if not check.ok:
        count = len(check.errors)
        form.add_error("file", (
            f"{file_name} was not imported: {count} row{'s' if count != 1 else ''} "
            f"{'have' if count != 1 else 'has'} problems. Correct "
            f"{'them' if count != 1 else 'it'} and choose the file again"
        ))
        return _page(request, access, form, check=check, file_name=file_name)
    if not check.rows:
        form.add_error("file", f"{file_name} has no figures to import")
        return _page(request, access, form, file_name=file_name)
    try:
        outcome = indicator_returns_import(
            board=access.board, rows=check.rows, actor=request.user,
            submit=form.cleaned_data["submit_for_approval"], file_name=file_name,
        )
    except ValidationError as exc:
        form.add_error("file", f"{file_name} was not imported: {' '.join(exc.messages)}")
        return _page(request, access, form, file_name=file_name)
    text = f"{file_name}: {outcome.summary()}"
    if check.skipped:
        text += f"; {check.skipped} row{'s' if check.skipped != 1 else ''} with no figures skipped"
    messages.success(request, text + ".")
    return redirect("indicators:import_returns", slug=access.board.slug)


@edit_indicators
def import_template(request: HttpRequest, *, access: BoardAccess, fmt: str) -> HttpResponse:
    """The import template as CSV or XLSX: the header and one blank row per indicator.

    The rows are the user's editable indicators that take a return for
    ``?period=YYYY-MM`` (default: last month). 404 for another format; 400 for
    a malformed period.
    """
    if fmt not in TEMPLATE_FORMATS:
        raise Http404("No such template format.")
    today = timezone.localdate()
    raw = request.GET.get("period", "").strip()
    if raw:
        try:
            period = checks.parse_period(raw)
        except ValueError as exc:
            return HttpResponseBadRequest(f"{exc}.", content_type="text/plain; charset=utf-8")
    else:
        period = selectors.default_template_period(today)
    indicators = selectors.template_indicators(
        indicators_editable_by(user=request.user, access=access), period
    )
    rows = template_rows([i.reference for i in indicators], period)
    if fmt == "csv":
        content = template_csv(rows)
    else:
        guide = [
            (i.reference, i.title, i.get_unit_display(), i.get_frequency_display())
            for i in indicators
        ]
        content = template_xlsx(rows, guide)
    response = HttpResponse(content, content_type=TEMPLATE_FORMATS[fmt])
    name = f"{access.board.slug}-returns-{period:%Y-%m}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
