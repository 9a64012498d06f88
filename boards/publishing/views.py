"""Pages for papers, publishing an agenda, pack progress and supplementary agendas.

Writes go through boards.publishing.services; reads through its selectors.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from actions.plan.selectors import priority_choices
from boards import selectors as board_selectors
from boards import services as board_services
from boards.access import BoardAccess, Capability, board_permission, board_view
from boards.models import Meeting, PackRender, Paper
from csp_portal import clock
from csp_portal.concurrency import (
    ConflictRow,
    EditConflict,
    conflict_response,
    form_conflict_rows,
)

from ..agenda.standard import planned_items_missing
from . import selectors, services
from .forms import (
    COVER_REPORT_SECTIONS,
    ConfirmForm,
    PackSettingsForm,
    PaperForm,
    SectionFormSet,
    SignOffFormSet,
    section_initial,
    section_pairs,
    sign_off_triples,
    table_text,
)
from .versions import paper_is_published

manage_meetings = board_permission(Capability.MANAGE_MEETINGS)


def _meeting(access: BoardAccess, pk: int) -> Meeting:
    return board_selectors.meeting_get(board=access.board, pk=pk, is_member=access.is_member)


def _meeting_url(meeting: Meeting) -> str:
    return reverse("boards:meeting_detail", args=[meeting.board.slug, meeting.pk])


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _section_text(section: tuple | None) -> str:
    if section is None:
        return ""
    heading, body, *rest = section
    if rest and rest[0] == "table":
        body = table_text(rest[1])
    return f"{heading}\n{body}".strip()


def _paper_conflict(request, paper, form, sections, conflict: EditConflict) -> HttpResponse:
    """The conflict page for a paper someone else saved while this editor changed it."""
    saved = Paper.objects.get(pk=paper.pk)
    names = ["title", "heading", "author", "paper_date", "contact", "security",
             "exempt_paragraph", "own_headings"]
    rows = form_conflict_rows(form, saved, names)
    theirs = [(s.heading, s.body, s.kind, s.rows) for s in saved.sections.order_by("position")]
    for n in range(max(len(theirs), len(sections))):
        mine = sections[n] if n < len(sections) else None
        other = theirs[n] if n < len(theirs) else None
        rows.append(ConflictRow(f"Section {n + 1}", _section_text(other), _section_text(mine)))
    return conflict_response(
        request, title=f'the paper "{saved.title}"', rows=rows,
        versions={"version": conflict.current_version}, back_url=request.get_full_path(),
    )


def _paper_page(request, *, access, meeting, item, paper=None) -> HttpResponse:
    late = paper is None and services.paper_needs_supplement(meeting=meeting)
    # A late paper keeps its reason for urgency on the form.
    asks_reason = late or (paper is not None and paper.supplement_id is not None)
    current = paper.uploaded_pdf.name.rsplit("/", 1)[-1] if paper and paper.uploaded_pdf else ""
    published = {"published": paper is not None and paper_is_published(paper),
                 "supplement_allowed": meeting.status == Meeting.Status.AGENDA_PUBLISHED}
    priorities = priority_choices(board=meeting.board)
    if request.method == "POST":
        form = PaperForm(request.POST, request.FILES, late=asks_reason, current_upload=current,
                         priorities=priorities, versioned=paper is not None, **published)
        formset = SectionFormSet(request.POST, prefix="sections")
        sign_offs = SignOffFormSet(request.POST, prefix="sign_offs")
        if form.is_valid() and formset.is_valid() and sign_offs.is_valid():
            sections = section_pairs(formset)
            details = form.details(sections, sign_off_triples(sign_offs))
            if not sections and not form.cleaned_data.get("uploaded_pdf") and not current:
                form.add_error("uploaded_pdf", "Add at least one section or upload a PDF")
            else:
                try:
                    if paper is None:
                        paper = services.paper_create(
                            agenda_item=item, actor=request.user,
                            details=details,
                            uploaded_pdf=form.cleaned_data.get("uploaded_pdf"),
                            urgency_reason=form.cleaned_data.get("urgency_reason", ""),
                        )
                        text = f'Paper "{paper.title}" added'
                        if paper.supplement_id:
                            text += f" to supplementary agenda {paper.supplement.number}"
                    else:
                        services.paper_update(
                            paper=paper, actor=request.user, details=details,
                            uploaded_pdf=form.cleaned_data.get("uploaded_pdf"),
                            version=form.read_version,
                            change_reason=form.cleaned_data.get("change_reason") or "",
                            change_kind=form.cleaned_data.get("change_kind") or "",
                            urgency_reason=form.cleaned_data.get("urgency_reason"),
                        )
                        text = f'Paper "{paper.title}" saved'
                    messages.success(request, text)
                    return redirect(_meeting_url(meeting))
                except EditConflict as conflict:
                    return _paper_conflict(request, paper, form, sections, conflict)
                except ValidationError as exc:
                    _apply_errors(form, exc)
    elif paper is None:
        form = PaperForm(late=late, priorities=priorities, versioned=False)
        formset = SectionFormSet(
            prefix="sections", initial=[{"heading": h} for h in COVER_REPORT_SECTIONS]
        )
        sign_offs = SignOffFormSet(prefix="sign_offs")
    else:
        key = {True: "yes", False: "no"}.get(paper.key_decision, "")
        form = PaperForm(late=asks_reason, current_upload=current, priorities=priorities,
                         version=paper.version, **published, initial={
            "urgency_reason": paper.urgency_reason or (
                paper.supplement.reason if paper.supplement_id else ""),
            "title": paper.title, "heading": paper.heading, "author": paper.author,
            "own_headings": paper.own_headings,
            "paper_date": paper.paper_date, "contact": paper.contact,
            "security": paper.security, "exempt_paragraph": paper.exempt_paragraph,
            "report_of": paper.report_of, "originating_officers": paper.originating_officers,
            "lead_member": paper.lead_member, "wards_affected": paper.wards_affected,
            "key_decision": key, "forward_plan_reference": paper.forward_plan_reference,
            "plan_priorities": list(paper.plan_priorities.all()),
            "background_papers": paper.background_papers,
        })
        formset = SectionFormSet(prefix="sections", initial=[
            section_initial(s) for s in paper.sections.all()
        ])
        sign_offs = SignOffFormSet(prefix="sign_offs", initial=[
            {"role": s.role, "name": s.name, "signed_on": s.signed_on}
            for s in paper.sign_offs.all()
        ])
    has_errors = (form.errors or any(f.errors for f in formset.forms)
                  or formset.non_form_errors() or any(f.errors for f in sign_offs.forms))
    context = {
        "access": access, "board": access.board, "meeting": meeting, "item": item,
        "paper": paper, "form": form, "formset": formset, "sign_offs": sign_offs, "late": late,
        "has_errors": bool(has_errors),
        "open_supplement": selectors.supplement_open(meeting=meeting) if late else None,
    }
    return render(request, "boards/publishing/paper_form.html", context)


@manage_meetings
def paper_add(request: HttpRequest, *, access: BoardAccess, pk: int, item_pk: int):
    """Add a paper (cover report sections, an uploaded PDF, or both) under an agenda item.

    After publication the paper goes into the meeting's open supplementary agenda.
    """
    meeting = _meeting(access, pk)
    item = selectors.agenda_item_get(meeting=meeting, pk=item_pk)
    return _paper_page(request, access=access, meeting=meeting, item=item)


@manage_meetings
def paper_edit(request: HttpRequest, *, access: BoardAccess, pk: int, paper_pk: int):
    """Change a paper's cover details, security, sections or uploaded PDF."""
    meeting = _meeting(access, pk)
    paper = selectors.paper_get_for_edit(meeting=meeting, pk=paper_pk)
    return _paper_page(request, access=access, meeting=meeting, item=paper.agenda_item,
                       paper=paper)


@manage_meetings
def paper_delete(request: HttpRequest, *, access: BoardAccess, pk: int, paper_pk: int):
    """GET asks to confirm; POST removes the paper."""
    meeting = _meeting(access, pk)
    paper = selectors.paper_get_for_edit(meeting=meeting, pk=paper_pk)
    if request.method == "POST":
        try:
            services.paper_delete(paper=paper, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f'Paper "{paper.title}" removed')
        return redirect(_meeting_url(meeting))
    return render(request, "boards/publishing/paper_delete.html", {
        "access": access, "board": access.board, "meeting": meeting, "paper": paper,
        "form": ConfirmForm(),
    })


@manage_meetings
def meeting_publish(request: HttpRequest, *, access: BoardAccess, pk: int):
    """GET: the publication deadline, a warning once it has passed, the papers checklist.
    POST: publish the agenda and queue both packs (services.meeting_publish). Past the
    deadline, or with items that have no papers, the clerk confirms and gives the reason
    (kept in the audit)."""
    meeting = _meeting(access, pk)
    summary = selectors.publish_summary(meeting=meeting)
    problems = selectors.publish_problems(summary=summary)
    error, reason = "", ""
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()[:1000]
        if problems and meeting.status == Meeting.Status.PLANNED and not (
            request.POST.get("confirm") and reason
        ):
            error = "Confirm that you want to publish now and give the reason"
        else:
            try:
                services.meeting_publish(meeting=meeting, actor=request.user, reason=reason)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(
                    request, "Agenda published. The public and members' packs have been "
                    "requested: their progress is shown under Agenda packs."
                )
                return redirect(_meeting_url(meeting))
    return render(request, "boards/publishing/publish.html", {
        "access": access, "board": access.board, "meeting": meeting, "error": error,
        "summary": summary, "problems": problems, "reason": reason,
        "missing": [] if meeting.status == Meeting.Status.PLANNED
        else planned_items_missing(meeting=meeting),
        "open_supplement": selectors.supplement_open(meeting=meeting),
        "today": clock.today(),
    })


@board_view
def pack_status(request: HttpRequest, *, access: BoardAccess, pk: int):
    """The packs' states as an HTML fragment, polled by the meeting page. Members' packs only
    for members; a meeting not visible to the viewer is 404."""
    meeting = _meeting(access, pk)
    response = render(request, "boards/publishing/_packs.html", {
        "access": access, "board": access.board, "meeting": meeting,
        "packs": board_selectors.meeting_packs(meeting=meeting, is_member=access.is_member),
        "supplements": selectors.supplement_packs(meeting=meeting, is_member=access.is_member),
    })
    response["Cache-Control"] = "no-store"
    return response


@manage_meetings
@require_POST
def pack_render_again(request: HttpRequest, *, access: BoardAccess, pk: int, render_pk: int):
    """POST: request a failed or stuck pack render again (boards.services); back to the meeting."""
    meeting = _meeting(access, pk)
    pack_render = get_object_or_404(PackRender, meeting=meeting, pk=render_pk)
    try:
        board_services.agenda_pack_render_again(pack_render=pack_render, actor=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The {pack_render.get_edition_display().lower()} has been "
                                  "requested again.")
    return redirect(_meeting_url(meeting) + "#packs")


@manage_meetings
def supplement_publish(request: HttpRequest, *, access: BoardAccess, pk: int, number: int):
    """GET: the supplement's reason and papers. POST: publish it and queue both packs."""
    meeting = _meeting(access, pk)
    supplement = selectors.supplement_get(meeting=meeting, number=number, published=False)
    error = ""
    if request.method == "POST":
        try:
            services.supplement_publish(supplement=supplement, actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, f"Supplementary agenda {number} published. Its packs are being produced."
            )
            return redirect(_meeting_url(meeting))
    return render(request, "boards/publishing/supplement_publish.html", {
        "access": access, "board": access.board, "meeting": meeting, "error": error,
        "supplement": supplement, "papers": selectors.supplement_papers(supplement=supplement),
    })


def _supplement_pack(meeting: Meeting, number: int, edition: str) -> FileResponse:
    supplement = selectors.supplement_get(meeting=meeting, number=number, published=True)
    render_ = selectors.supplement_pack_latest_ready(supplement=supplement, edition=edition)
    local = timezone.localtime(meeting.start)
    filename = (
        f"{meeting.board.slug}-{local:%Y-%m-%d}-supplementary-agenda-{number}-{edition}-pack.pdf"
    )
    try:
        handle = render_.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The pack's file is missing; it needs producing again.") from exc
    return FileResponse(handle, as_attachment=True, filename=filename,
                        content_type="application/pdf")


@board_view
def supplement_public_pack_download(
    request: HttpRequest, *, access: BoardAccess, pk: int, number: int
) -> FileResponse:
    """The latest ready public pack of a published supplementary agenda; 404 if none."""
    return _supplement_pack(_meeting(access, pk), number, PackRender.Edition.PUBLIC)


@board_permission(Capability.VIEW_MEMBERS)
def supplement_members_pack_download(
    request: HttpRequest, *, access: BoardAccess, pk: int, number: int
) -> FileResponse:
    """The latest ready members' pack of a published supplementary agenda; 404 if none."""
    return _supplement_pack(_meeting(access, pk), number, PackRender.Edition.MEMBERS)



@manage_meetings
def pack_settings(request: HttpRequest, *, access: BoardAccess):
    """GET: the board's pack header, logo and sign-off. POST: save them (re-shown with
    errors when invalid). Packs rendered from then on print them."""
    board = access.board
    current = board.logo.name.rsplit("/", 1)[-1] if board.logo else ""
    if request.method == "POST":
        form = PackSettingsForm(request.POST, request.FILES, current_logo=current)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.board_pack_settings_update(
                    board=board, actor=request.user,
                    partnership_name=data["partnership_name"],
                    sign_off_name=data["sign_off_name"], sign_off_title=data["sign_off_title"],
                    logo=data.get("logo"), remove_logo=bool(data.get("remove_logo")),
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, "Pack header and sign-off saved")
                return redirect(reverse("boards:board_detail", args=[board.slug]))
    else:
        form = PackSettingsForm(current_logo=current, initial={
            "partnership_name": board.partnership_name, "sign_off_name": board.sign_off_name,
            "sign_off_title": board.sign_off_title,
        })
    return render(request, "boards/publishing/pack_settings.html", {
        "access": access, "board": board, "form": form,
        "inherited": board.pack_identity(),
    })
