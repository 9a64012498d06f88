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
        supplement=supplement,
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
    *, paper: Paper, actor, details: PaperDetails, uploaded_pdf: UploadedFile | None = None
) -> Paper:
    """Change a paper's cover details, security and sections; a new upload replaces the old.

    Raises ValidationError as paper_create does.
    """
    paragraph = _check_security(details)
    before = {"title": paper.title, "security": paper.security,
              "exempt_paragraph": paper.exempt_paragraph}
    for name in ("title", "heading", "author", "paper_date", "contact", "security"):
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
def meeting_publish(*, meeting: Meeting, actor, today=None) -> Meeting:
    """Publish a planned meeting's agenda and queue its public and members' packs.

    Sets status agenda_published, ``published_at``/``published_by`` and
    ``publication_date`` (``today``, default the local date), audits it, and
    requests both editions (rendered after commit by boards.packs.render). Raises
    ValidationError unless the meeting is planned. Publishing after the
    deadline is allowed (the page warns); see boards.publishing.deadlines.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError("This meeting's agenda has already been published.")
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
                "publication_date": meeting.publication_date.isoformat()},
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
