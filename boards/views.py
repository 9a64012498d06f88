"""Board, meeting, paper and pack pages (read-only). Access: boards.access; reads: selectors."""
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import selectors
from .access import BoardAccess, board_members_only, board_view, public_view
from .models import Meeting, PackRender
from .publishing.cover import paper_cover_context
from .publishing.selectors import supplement_packs


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
    """A paper in HTML: its header block and sections."""
    meeting = selectors.meeting_get(board=access.board, pk=pk, is_member=access.is_member)
    paper = selectors.paper_get(meeting=meeting, pk=paper_pk, is_member=access.is_member)
    context = {
        "access": access,
        "board": access.board,
        "meeting": meeting,
        "paper": paper,
        "exempt_paragraph": paper.restricting_paragraph,
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
