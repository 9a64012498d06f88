"""Writes for papers, publishing an agenda and supplementary agendas.

DOMAIN.md: A meeting's life (papers, agenda pack, supplementary agenda pack);
Publication and access rules (five clear working days, reason for urgency,
exempt paragraphs). Every change writes an audit entry.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from boards.models import (
    AgendaItem,
    Meeting,
    PackRender,
    Paper,
    PaperSection,
    PaperSignOff,
    PaperVersion,
    SecurityClassification,
    SupplementaryAgenda,
    supplement_papers_all,
)
from boards.services import agenda_pack_request
from csp_portal import clock
from csp_portal.audit import audit_entry_create
from csp_portal.concurrency import version_claim

from . import events
from .selectors import publish_problems, publish_summary
from .versions import (
    paper_content,
    paper_first_version_ensure,
    paper_is_published,
    paper_version_add,
)

LATE_STATUSES = (Meeting.Status.AGENDA_PUBLISHED,)
"""A paper added while the meeting is in one of these statuses goes out in a supplement."""


class SectionDetails(NamedTuple):
    """One section of a paper as the form gives it: ``kind`` is a PaperSection.Kind value;
    ``rows`` (a table's cells, a list of lists of strings, header first) is used only by a
    table section. A plain ``(heading, body)`` pair is a text section."""

    heading: str
    body: str
    kind: str = PaperSection.Kind.TEXT
    rows: tuple | list = ()


@dataclass
class PaperDetails:
    """What the paper form collects. ``sections`` lists SectionDetails (or (heading, body)
    pairs for text sections) in order; ``exempt_paragraph`` is required (1-7) when
    ``security`` is restricted and ignored otherwise."""

    title: str
    heading: str = ""
    author: str = ""
    paper_date: object = None
    contact: str = ""
    security: str = SecurityClassification.UNRESTRICTED
    exempt_paragraph: int | None = None
    sections: tuple[tuple, ...] = ()
    own_headings: bool = False
    cover: CoverSheet | None = None


@dataclass
class CoverSheet:
    """A paper's council cover sheet (boards.publishing.cover); every field is optional.

    ``key_decision`` is None when not stated; ``plan_priorities`` are plans.Priority
    objects; ``sign_offs`` are (role, name, date or None) triples in order.
    """

    report_of: str = ""
    originating_officers: str = ""
    lead_member: str = ""
    wards_affected: str = ""
    key_decision: bool | None = None
    forward_plan_reference: str = ""
    plan_priorities: tuple = ()
    background_papers: str = ""
    sign_offs: tuple[tuple[str, str, object], ...] = ()


COVER_TEXT_FIELDS = ("report_of", "originating_officers", "lead_member", "wards_affected",
                     "key_decision", "forward_plan_reference", "background_papers")


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


def _section(spec) -> SectionDetails:
    spec = SectionDetails(*spec)
    if spec.kind not in PaperSection.Kind.values:
        raise ValidationError(f"Unknown section kind {spec.kind!r}")
    if spec.kind != PaperSection.Kind.TABLE:
        return spec._replace(rows=[])
    return spec._replace(rows=[[str(cell) for cell in row] for row in spec.rows])


def _check_cover(cover: CoverSheet) -> None:
    errors = {}
    if any(not role.strip() or not name.strip() for role, name, _ in cover.sign_offs):
        errors["sign_offs"] = "Give each sign-off both what it is for and who signed it off"
    if cover.forward_plan_reference.strip() and cover.key_decision is not True:
        errors["forward_plan_reference"] = (
            "A forward plan reference is for a key decision: choose Yes, or remove it")
    if errors:
        raise ValidationError(errors)


def _write_cover(paper: Paper, cover: CoverSheet | None) -> dict:
    """Set the cover sheet fields (the paper is saved by the caller, then its relations
    written by _write_cover_relations). Returns the audit detail."""
    if cover is None:
        return {}
    _check_cover(cover)
    for name in COVER_TEXT_FIELDS:
        value = getattr(cover, name)
        setattr(paper, name, value.strip() if isinstance(value, str) else value)
    return {"cover": {name: getattr(paper, name) for name in COVER_TEXT_FIELDS},
            "plan_priorities": [p.pk for p in cover.plan_priorities],
            "sign_offs": [[r, n, d.isoformat() if d else None] for r, n, d in cover.sign_offs]}


def _write_cover_relations(paper: Paper, cover: CoverSheet | None) -> None:
    if cover is None:
        return
    paper.plan_priorities.set(cover.plan_priorities)
    paper.sign_offs.all().delete()
    PaperSignOff.objects.bulk_create(
        PaperSignOff(paper=paper, position=n, role=role.strip(), name=name.strip(),
                     signed_on=day)
        for n, (role, name, day) in enumerate(cover.sign_offs, start=1)
    )


def _write_sections(paper: Paper, sections) -> None:
    # Every kind is written back as given: a table keeps its rows (a text-only rewrite
    # once turned the SNB papers' tables into empty text sections).
    specs = [_section(spec) for spec in sections]
    paper.sections.all().delete()
    bulk_create_with_history([
        PaperSection(paper=paper, position=n, heading=spec.heading, body=spec.body,
                     kind=spec.kind, rows=spec.rows)
        for n, spec in enumerate(specs, start=1)
    ], PaperSection)


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
    no exempt paragraph, a late paper with no reason, a sign-off without its role
    or name, or a forward plan reference on a paper that is not a key decision.
    The reason is kept on the paper and on its supplement.
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
        urgency_reason=urgency_reason.strip() if supplement else "",
    )
    cover_detail = _write_cover(paper, details.cover)
    if uploaded_pdf is not None:
        paper.uploaded_pdf.save(uploaded_pdf.name, uploaded_pdf, save=False)
    paper.save()
    _write_sections(paper, details.sections)
    _write_cover_relations(paper, details.cover)
    audit_entry_create(
        obj=paper, action="paper_create", actor=actor,
        summary=f'Paper "{paper.title}" added to item {agenda_item.full_label} of {meeting}',
        detail={"agenda_item": agenda_item.pk, "security": paper.security,
                "exempt_paragraph": paragraph, "uploaded_pdf": bool(uploaded_pdf),
                "sections": len(details.sections),
                "supplement": supplement.number if supplement else None, **cover_detail},
    )
    return paper


CHANGE_KINDS = (PaperVersion.Kind.CORRECTION, PaperVersion.Kind.SUPPLEMENT)
"""How a change to a published paper goes out."""


def _check_change(*, meeting: Meeting, reason: str, kind: str) -> None:
    errors = {}
    if not reason:
        errors["change_reason"] = "Enter why the published paper is changing"
    if kind not in CHANGE_KINDS:
        errors["change_kind"] = ("Choose how the change goes out: as a correction or in a "
                                 "supplementary agenda")
    elif kind == PaperVersion.Kind.SUPPLEMENT and meeting.status != Meeting.Status.AGENDA_PUBLISHED:
        errors["change_kind"] = ("A supplementary agenda goes out only before the meeting: "
                                 "choose a correction")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def paper_update(
    *, paper: Paper, actor, details: PaperDetails, uploaded_pdf: UploadedFile | None = None,
    version: int | None = None, change_reason: str = "", change_kind: str = "",
    urgency_reason: str | None = None,
) -> Paper:
    """Change a paper's cover details, security and sections; a new upload replaces the old.

    ``version`` is the paper's version the editor read (csp_portal.concurrency); None
    skips the check. Once the paper is published
    (boards.publishing.versions.paper_is_published) a change needs ``change_reason`` and
    ``change_kind`` ("correction": goes out now, and both packs are asked for again;
    "supplement": goes out in the meeting's open supplementary agenda, only while the
    meeting is still ahead). The published text is kept as version 1 and the change as
    the next PaperVersion; a published upload's file is kept. A save that changes
    nothing needs no reason and adds no version. Raises EditConflict when someone else
    saved the paper since, and ValidationError (keyed by form field) as paper_create
    does, and for a missing reason or way out. ``details.cover`` None leaves the cover
    sheet as it is. ``urgency_reason`` changes a late paper's reason for urgency (None
    leaves it; blank is refused); an on-time paper has none.
    """
    paragraph = _check_security(details)
    version_claim(obj=paper, expected_version=version)
    if paper.supplement_id is not None and urgency_reason is not None:
        if not urgency_reason.strip():
            raise ValidationError({"urgency_reason": "Enter the reason for urgency"})
        paper.urgency_reason = urgency_reason.strip()
    meeting = paper.agenda_item.meeting
    change_reason = change_reason.strip()
    published = paper_is_published(paper)
    if published:
        paper_first_version_ensure(paper=paper, actor=actor)
        published_content = paper_content(paper)
        if uploaded_pdf is not None:
            _check_change(meeting=meeting, reason=change_reason, kind=change_kind)
    before = {"title": paper.title, "security": paper.security,
              "exempt_paragraph": paper.exempt_paragraph}
    for name in ("title", "heading", "author", "paper_date", "contact", "security",
                 "own_headings"):
        setattr(paper, name, getattr(details, name))
    paper.exempt_paragraph = paragraph
    cover_detail = _write_cover(paper, details.cover)
    if uploaded_pdf is not None:
        if paper.uploaded_pdf and not published:
            paper.uploaded_pdf.delete(save=False)
        paper.uploaded_pdf.save(uploaded_pdf.name, uploaded_pdf, save=False)
    paper.save()
    _write_sections(paper, details.sections)
    _write_cover_relations(paper, details.cover)
    paper_version = None
    if published and paper_content(paper) != published_content:
        # Raising here rolls the whole change back: nothing published changes silently.
        _check_change(meeting=meeting, reason=change_reason, kind=change_kind)
        supplement = None
        if change_kind == PaperVersion.Kind.SUPPLEMENT:
            supplement = supplement_open_get_or_create(
                meeting=meeting, reason=change_reason, actor=actor
            )
        paper_version = paper_version_add(paper=paper, actor=actor, kind=change_kind,
                                    reason=change_reason, supplement=supplement)
        if change_kind == PaperVersion.Kind.CORRECTION:
            _request_both(meeting=meeting, actor=actor, supplement=paper.supplement)
    audit_entry_create(
        obj=paper, action="paper_update", actor=actor,
        summary=f'Paper "{paper.title}" changed'
        + (f" ({paper_version.get_kind_display().lower()}, version {paper_version.number})"
           if paper_version else ""),
        detail={"before": before, "after": {"title": paper.title, "security": paper.security,
                                            "exempt_paragraph": paragraph},
                "new_upload": bool(uploaded_pdf), "sections": len(details.sections),
                "version": paper_version.number if paper_version else None,
                "change_kind": paper_version.kind if paper_version else None,
                "reason": change_reason if paper_version else "",
                **cover_detail},
    )
    return paper


@transaction.atomic
def paper_delete(*, paper: Paper, actor) -> None:
    """Remove a paper, its sections and its uploaded file (once the transaction commits).

    Raises ValidationError for a published paper: what went out stays (its text is
    changed, with a reason, through paper_update)."""
    if paper_is_published(paper) or paper.versions.exists():
        raise ValidationError("A published paper cannot be removed. Change it with a reason "
                              "instead: as a correction or in a supplementary agenda.")
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
    ``publication_date`` (``today``, default the demo clock's today), audits it, and
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
    meeting.publication_date = today or clock.today()
    meeting.save(update_fields=["status", "published_at", "published_by", "publication_date"])
    audit_entry_create(
        obj=meeting, action="meeting_publish", actor=actor,
        summary=f"Agenda of {meeting} published",
        detail={"status": [before, meeting.status],
                "publication_date": meeting.publication_date.isoformat(),
                "problems": problems, "reason": reason if problems else ""},
    )
    for paper in Paper.objects.filter(agenda_item__meeting=meeting, supplement__isnull=True):
        paper_first_version_ensure(paper=paper, actor=actor, when=meeting.published_at)
    _request_both(meeting=meeting, actor=actor)
    meeting_id = meeting.pk
    transaction.on_commit(
        lambda: events.agenda_published.send(sender=Meeting, meeting_id=meeting_id)
    )
    return meeting


@transaction.atomic
def supplement_publish(*, supplement: SupplementaryAgenda, actor) -> SupplementaryAgenda:
    """Publish a supplementary agenda and queue its numbered public and members' packs.

    Raises ValidationError when it is already published or has neither papers nor late
    items.
    """
    supplement = SupplementaryAgenda.objects.select_for_update().select_related(
        "meeting__board"
    ).get(pk=supplement.pk)
    if supplement.published_at is not None:
        raise ValidationError(f"Supplementary agenda {supplement.number} is already published.")
    if not (supplement_papers_all(supplement).exists() or supplement.agenda_items.exists()):
        raise ValidationError(f"Supplementary agenda {supplement.number} has no papers.")
    supplement.published_at = timezone.now()
    supplement.published_by = actor
    supplement.save(update_fields=["published_at", "published_by"])
    for paper in supplement.papers.all():
        paper_first_version_ensure(paper=paper, actor=actor, when=supplement.published_at)
    supplement.paper_versions.filter(published_at__isnull=True).update(
        published_at=supplement.published_at
    )
    audit_entry_create(
        obj=supplement, action="supplement_publish", actor=actor,
        summary=f"Supplementary agenda {supplement.number} of {supplement.meeting} published",
        detail={"number": supplement.number,
                "papers": list(supplement_papers_all(supplement).values_list("pk", flat=True)),
                "agenda_items": list(supplement.agenda_items.values_list("pk", flat=True))},
    )
    _request_both(meeting=supplement.meeting, actor=actor, supplement=supplement)
    supplement_id = supplement.pk
    transaction.on_commit(lambda: events.supplement_published.send(
        sender=SupplementaryAgenda, supplement_id=supplement_id
    ))
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
