"""Writes for papers, publishing an agenda and supplementary agendas.

DOMAIN.md: A meeting's life (papers, agenda pack, supplementary agenda pack);
Publication and access rules (five clear working days, reason for urgency,
exempt paragraphs). Every change writes an audit entry.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from boards.models import (
    AgendaItem,
    Meeting,
    PackRender,
    Paper,
    PaperSection,
    SecurityClassification,
    SupplementaryAgenda,
)
from boards.services import agenda_pack_request
from csp_portal.audit import audit_entry_create
from csp_portal.concurrency import version_claim

from .selectors import publish_problems, publish_summary

LATE_STATUSES = (Meeting.Status.AGENDA_PUBLISHED,)
"""A paper added while the meeting is in one of these statuses goes out in a supplement."""


@dataclass
class PaperDetails:
    """What the paper form collects. ``sections`` is a list of (heading, body) pairs in order;
    ``exempt_paragraph`` is required (1-7) when ``security`` is restricted and ignored
    otherwise."""

    title: str
    heading: str = ""
    author: str = ""
    paper_date: object = None
    contact: str = ""
    security: str = SecurityClassification.UNRESTRICTED
    exempt_paragraph: int | None = None
    sections: tuple[tuple[str, str], ...] = ()
    own_headings: bool = False


def paper_needs_supplement(*, meeting: Meeting) -> bool:
    """True when a paper added now is late: the agenda is already published."""
    return meeting.status in LATE_STATUSES


def _check_security(details: PaperDetails) -> int | None:
    if details.security not in SecurityClassification.values:
        raise ValidationError({"security": "Choose the paper's security classification"})
    if details.security == SecurityClassification.RESTRICTED:
        if not details.exempt_paragraph:
            raise ValidationError(
                {"exempt_paragraph": "Choose the exempt paragraph of a restricted paper"}
            )
        return details.exempt_paragraph
    return None


def _write_sections(paper: Paper, sections) -> None:
    paper.sections.all().delete()
    PaperSection.objects.bulk_create(
        PaperSection(paper=paper, position=n, heading=heading, body=body)
        for n, (heading, body) in enumerate(sections, start=1)
    )


def supplement_open_get_or_create(
    *, meeting: Meeting, reason: str, actor
) -> SupplementaryAgenda:
    """The meeting's unpublished supplementary agenda, or a new one numbered after the last.

    A new reason for urgency is added to an open supplement's reason on a new
    paragraph. Raises ValidationError when ``reason`` is blank (DOMAIN.md: a
    late item needs a recorded reason for urgency).
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"urgency_reason": "Enter the reason for urgency"})
    supplement = (
        SupplementaryAgenda.objects.select_for_update()
        .filter(meeting=meeting, published_at__isnull=True)
        .order_by("number")
        .first()
    )
    if supplement is None:
        last = meeting.supplements.order_by("-number").values_list("number", flat=True).first()
        supplement = SupplementaryAgenda.objects.create(
            meeting=meeting, number=(last or 0) + 1, reason=reason
        )
        audit_entry_create(
            obj=supplement, action="supplement_create", actor=actor,
            summary=f"Supplementary agenda {supplement.number} opened for {meeting}",
            detail={"meeting": meeting.pk, "number": supplement.number, "reason": reason},
        )
    elif reason not in supplement.reason:
        supplement.reason = f"{supplement.reason}\n\n{reason}"
        supplement.save(update_fields=["reason"])
        audit_entry_create(
            obj=supplement, action="supplement_update", actor=actor,
            summary=f"Reason for urgency added to supplementary agenda {supplement.number}",
            detail={"reason": reason},
        )
    return supplement


@transaction.atomic
def paper_create(
    *,
    agenda_item: AgendaItem,
    actor,
    details: PaperDetails,
    uploaded_pdf: UploadedFile | None = None,
    urgency_reason: str = "",
) -> Paper:
    """Table a new paper under ``agenda_item``, last among its papers.

    The upload must already be checked (boards.publishing.uploads). When the
    agenda is already published the paper joins the meeting's open
    supplementary agenda (made if need be), which needs ``urgency_reason``.
    Raises ValidationError (keyed by form field) for a restricted paper with
    no exempt paragraph or a late paper with no reason.
    """
    paragraph = _check_security(details)
    meeting = agenda_item.meeting
    supplement = None
    if paper_needs_supplement(meeting=meeting):
        supplement = supplement_open_get_or_create(
            meeting=meeting, reason=urgency_reason, actor=actor
        )
    last = agenda_item.papers.order_by("-position").values_list("position", flat=True).first()
    paper = Paper(
        agenda_item=agenda_item, position=(last or 0) + 1, title=details.title,
        heading=details.heading, author=details.author, paper_date=details.paper_date,
        contact=details.contact, security=details.security, exempt_paragraph=paragraph,
        own_headings=details.own_headings, supplement=supplement,
    )
    if uploaded_pdf is not None:
        paper.uploaded_pdf.save(uploaded_pdf.name, uploaded_pdf, save=False)
    paper.save()
    _write_sections(paper, details.sections)
    audit_entry_create(
        obj=paper, action="paper_create", actor=actor,
        summary=f'Paper "{paper.title}" added to item {agenda_item.full_label} of {meeting}',
        detail={"agenda_item": agenda_item.pk, "security": paper.security,
                "exempt_paragraph": paragraph, "uploaded_pdf": bool(uploaded_pdf),
                "sections": len(details.sections),
                "supplement": supplement.number if supplement else None},
    )
    return paper


@transaction.atomic
def paper_update(
    *, paper: Paper, actor, details: PaperDetails, uploaded_pdf: UploadedFile | None = None,
    version: int | None = None,
) -> Paper:
    """Change a paper's cover details, security and sections; a new upload replaces the old.

    ``version`` is the paper's version the editor read (csp_portal.concurrency); None
    skips the check. Raises EditConflict when someone else saved the paper since, and
    ValidationError as paper_create does.
    """
    paragraph = _check_security(details)
    version_claim(obj=paper, expected_version=version)
    before = {"title": paper.title, "security": paper.security,
              "exempt_paragraph": paper.exempt_paragraph}
    for name in ("title", "heading", "author", "paper_date", "contact", "security",
                 "own_headings"):
        setattr(paper, name, getattr(details, name))
    paper.exempt_paragraph = paragraph
    if uploaded_pdf is not None:
        if paper.uploaded_pdf:
            paper.uploaded_pdf.delete(save=False)
        paper.uploaded_pdf.save(uploaded_pdf.name, uploaded_pdf, save=False)
    paper.save()
    _write_sections(paper, details.sections)
    audit_entry_create(
        obj=paper, action="paper_update", actor=actor,
        summary=f'Paper "{paper.title}" changed',
        detail={"before": before, "after": {"title": paper.title, "security": paper.security,
                                            "exempt_paragraph": paragraph},
                "new_upload": bool(uploaded_pdf), "sections": len(details.sections)},
    )
    return paper


@transaction.atomic
def paper_delete(*, paper: Paper, actor) -> None:
    """Remove a paper, its sections and its uploaded file (once the transaction commits)."""
    title, item = paper.title, paper.agenda_item
    audit_entry_create(
        obj=paper, action="paper_delete", actor=actor,
        summary=f'Paper "{title}" removed from item {item.full_label} of {item.meeting}',
        detail={"agenda_item": item.pk, "security": paper.security},
    )
    if paper.uploaded_pdf:
        storage, name = paper.uploaded_pdf.storage, paper.uploaded_pdf.name
        transaction.on_commit(lambda: storage.delete(name))
    paper.delete()


def _request_both(*, meeting: Meeting, actor, supplement=None) -> list[PackRender]:
    return [
        agenda_pack_request(meeting=meeting, edition=edition, requested_by=actor,
                            supplement=supplement)
        for edition in (PackRender.Edition.PUBLIC, PackRender.Edition.MEMBERS)
    ]


@transaction.atomic
def meeting_publish(*, meeting: Meeting, actor, today=None, reason: str = "") -> Meeting:
    """Publish a planned meeting's agenda and queue its public and members' packs.

    Sets status agenda_published, ``published_at``/``published_by`` and
    ``publication_date`` (``today``, default the local date), audits it, and
    requests both editions (rendered after commit by boards.packs.render). Raises
    ValidationError unless the meeting is planned. Publishing after the
    deadline (boards.publishing.deadlines) or with items that have no papers is
    allowed only with a ``reason``, kept in the audit entry with the problems
    (selectors.publish_problems); ValidationError without one.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError("This meeting's agenda has already been published.")
    problems = publish_problems(summary=publish_summary(meeting=meeting, today=today))
    reason = reason.strip()
    if problems and not reason:
        raise ValidationError(f"Give the reason for publishing now: {'; '.join(problems)}.",
                              code="reason_needed")
    before = meeting.status
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.published_at = timezone.now()
    meeting.published_by = actor
    meeting.publication_date = today or timezone.localdate()
    meeting.save(update_fields=["status", "published_at", "published_by", "publication_date"])
    audit_entry_create(
        obj=meeting, action="meeting_publish", actor=actor,
        summary=f"Agenda of {meeting} published",
        detail={"status": [before, meeting.status],
                "publication_date": meeting.publication_date.isoformat(),
                "problems": problems, "reason": reason if problems else ""},
    )
    _request_both(meeting=meeting, actor=actor)
    return meeting


@transaction.atomic
def supplement_publish(*, supplement: SupplementaryAgenda, actor) -> SupplementaryAgenda:
    """Publish a supplementary agenda and queue its numbered public and members' packs.

    Raises ValidationError when it is already published or has no papers.
    """
    supplement = SupplementaryAgenda.objects.select_for_update().select_related(
        "meeting__board"
    ).get(pk=supplement.pk)
    if supplement.published_at is not None:
        raise ValidationError(f"Supplementary agenda {supplement.number} is already published.")
    if not supplement.papers.exists():
        raise ValidationError(f"Supplementary agenda {supplement.number} has no papers.")
    supplement.published_at = timezone.now()
    supplement.published_by = actor
    supplement.save(update_fields=["published_at", "published_by"])
    audit_entry_create(
        obj=supplement, action="supplement_publish", actor=actor,
        summary=f"Supplementary agenda {supplement.number} of {supplement.meeting} published",
        detail={"number": supplement.number,
                "papers": list(supplement.papers.values_list("pk", flat=True))},
    )
    _request_both(meeting=supplement.meeting, actor=actor, supplement=supplement)
    return supplement


# --- what every pack of a board prints in its header and notice ------------------------------

LOGO_MAX_BYTES = 2 * 1024 * 1024
_LOGO_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


def logo_upload_check(upload) -> str:
    """Check ``upload`` is a PNG or JPEG image (by its first bytes, not its name) of at most
    2 MB; returns its extension ("png"/"jpg"). Raises ValidationError with a form message."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError("The logo must be smaller than 2 MB")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for magic, extension in _LOGO_MAGIC.items():
        if head.startswith(magic):
            return extension
    raise ValidationError("The logo must be a PNG or JPEG image")


def board_pack_settings_update(
    *,
    board,
    actor,
    partnership_name: str,
    sign_off_name: str,
    sign_off_title: str,
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
):
    """Set what ``board``'s agenda packs print: the partnership's name in the "Public
    Document Pack" header, the notice's sign-off (name and title) and an optional logo.

    ``logo`` (PNG or JPEG, checked by logo_upload_check) replaces the current one;
    ``remove_logo`` removes it. Boards below this one use these unless they set their
    own (Board.pack_identity). Raises ValidationError keyed by field: a title without a
    name, or a bad logo. Writes an audit entry.
    """
    errors = {}
    if sign_off_title.strip() and not sign_off_name.strip():
        errors["sign_off_name"] = "Enter the name of who signs the notice"
    extension = None
    if logo is not None:
        try:
            extension = logo_upload_check(logo)
        except ValidationError as exc:
            errors["logo"] = exc.messages
    if errors:
        raise ValidationError(errors)
    before = {f: getattr(board, f) for f in ("partnership_name", "sign_off_name",
                                              "sign_off_title")}
    before["logo"] = board.logo.name
    with transaction.atomic():
        board.partnership_name = partnership_name.strip()
        board.sign_off_name = sign_off_name.strip()
        board.sign_off_title = sign_off_title.strip()
        if remove_logo and board.logo:
            board.logo.delete(save=False)
        if logo is not None:
            board.logo.save(f"{board.slug}-logo.{extension}", logo, save=False)
        board.save()
        after = {f: getattr(board, f) for f in ("partnership_name", "sign_off_name",
                                                 "sign_off_title")}
        after["logo"] = board.logo.name
        audit_entry_create(
            obj=board, action="board.pack_settings_updated", actor=actor,
            summary=f"Changed the pack header and sign-off of {board.name}"[:255],
            detail={"changed": {k: [before[k], after[k]] for k in after if before[k] != after[k]}},
        )
    return board
