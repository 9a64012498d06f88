"""Board, meeting, paper and pack pages (read-only). Access: boards.access; reads: selectors."""
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import selectors
from .access import BoardAccess, board_members_only, board_view, public_view
from .models import Meeting, PackRender
from .publishing.cover import paper_cover_context
from .publishing.selectors import (
    paper_shown_paragraph,
    paper_text,
    paper_version_get,
    paper_versions_published,
    supplement_packs,
)


@public_view
def board_list(request: HttpRequest) -> HttpResponse:
    """Every board as a tree, with upcoming and recent meetings."""
    tree = selectors.board_tree(user=request.user)
    return render(request, "boards/board_list.html", {"tree": tree})


@board_view
def board_detail(request: HttpRequest, *, access: BoardAccess) -> HttpResponse:
    """A board's details, terms of reference, current members and meetings."""
    board = access.board
    planned, past = selectors.board_meetings(board=board, is_member=access.is_member)
    memberships = selectors.board_current_memberships(board=board)
    context = {
        "access": access,
        "board": board,
        "memberships": memberships,
        "membership_table": selectors.board_membership_table(memberships=memberships),
        "children": selectors.board_children(board=board),
        "planned": planned,
        "planned_table": selectors.board_meeting_table(board=board, meetings=planned),
        "past": past,
        "past_table": selectors.board_meeting_table(board=board, meetings=past),
    }
    return render(request, "boards/board_detail.html", context)


@board_view
def meeting_detail(request: HttpRequest, *, access: BoardAccess, pk: int) -> HttpResponse:
    """A meeting: notice details, agenda, attendance and agenda packs."""
    meeting = selectors.meeting_get(board=access.board, pk=pk, is_member=access.is_member)
    context = {
        "access": access,
        "board": access.board,
        "meeting": meeting,
        "agenda": selectors.meeting_agenda(meeting=meeting, is_member=access.is_member),
        "attendance": selectors.meeting_attendance(meeting=meeting),
        "packs": selectors.meeting_packs(meeting=meeting, is_member=access.is_member),
        "supplements": supplement_packs(meeting=meeting, is_member=access.is_member),
    }
    return render(request, "boards/meeting_detail.html", context)


@board_view
def paper_detail(
    request: HttpRequest, *, access: BoardAccess, pk: int, paper_pk: int
) -> HttpResponse:
    """A paper in HTML: its header block and sections as last published (the live text
    only before it has been published), and its published versions."""
    meeting = selectors.meeting_get(board=access.board, pk=pk, is_member=access.is_member)
    paper = selectors.paper_get(meeting=meeting, pk=paper_pk, is_member=access.is_member)
    versions = paper_versions_published(paper=paper, is_member=access.is_member)
    return _paper_page(request, access=access, meeting=meeting, paper=paper,
                       versions=versions, shown=versions[-1] if versions else None)


@board_view
def paper_version_detail(
    request: HttpRequest, *, access: BoardAccess, pk: int, paper_pk: int, number: int
) -> HttpResponse:
    """One published version of a paper, as it went out; 404 as paper_detail, or when the
    version is not published or is restricted and the viewer is not a member."""
    meeting = selectors.meeting_get(board=access.board, pk=pk, is_member=access.is_member)
    paper = selectors.paper_get(meeting=meeting, pk=paper_pk, is_member=access.is_member)
    version = paper_version_get(paper=paper, number=number, is_member=access.is_member)
    versions = paper_versions_published(paper=paper, is_member=access.is_member)
    return _paper_page(request, access=access, meeting=meeting, paper=paper,
                       versions=versions, shown=version, is_old=version != versions[-1])


def _paper_page(request, *, access, meeting, paper, versions, shown, is_old=False):
    context = {
        "access": access,
        "board": access.board,
        "meeting": meeting,
        "paper": paper,
        "text": paper_text(shown) if shown is not None else paper,
        "sections": (paper_text(shown).sections if shown is not None
                     else list(paper.sections.all())),
        "versions": versions,
        "shown": shown,
        "is_old": is_old,
        "exempt_paragraph": paper_shown_paragraph(paper=paper, version=shown),
        **paper_cover_context(paper),
        "sign_off_head": ["Sign-off", "Name", "Date"],
    }
    context["sign_off_rows"] = [[s.role, s.name, s.date] for s in context["sign_offs"]]
    return render(request, "boards/paper_detail.html", context)


def _pack_response(meeting: Meeting, edition: str) -> FileResponse:
    render_ = selectors.pack_latest_ready(meeting=meeting, edition=edition)
    local = timezone.localtime(meeting.start)
    filename = f"{meeting.board.slug}-{local:%Y-%m-%d}-{edition}-agenda-pack.pdf"
    try:
        handle = render_.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The pack's file is missing; it needs producing again.") from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )


@board_view
def public_pack_download(request: HttpRequest, *, access: BoardAccess, pk: int) -> FileResponse:
    """The latest ready public pack of a visible meeting; 404 if there is none."""
    meeting = selectors.meeting_get(board=access.board, pk=pk, is_member=access.is_member)
    return _pack_response(meeting, PackRender.Edition.PUBLIC)


@board_members_only
def members_pack_download(request: HttpRequest, *, access: BoardAccess, pk: int) -> FileResponse:
    """The latest ready members' pack (restricted papers included); 404 if there is none."""
    meeting = selectors.meeting_get(board=access.board, pk=pk, is_member=access.is_member)
    return _pack_response(meeting, PackRender.Edition.MEMBERS)
