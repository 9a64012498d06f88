"""Versions of published papers: what each paper said when it went out.

A published paper does not change silently (DOMAIN.md: Publication and access rules): a
change after publication needs a reason and goes out as a correction or in a
supplementary agenda, and every version is kept (boards.models.PaperVersion).
"""
from __future__ import annotations

import copy
import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from boards.models import Meeting, Paper, PaperVersion


def paper_content(paper: Paper) -> dict:
    """The paper as it now reads, in PaperVersion.content's shape (one query for sections)."""
    return {
        "title": paper.title, "heading": paper.heading, "appendix_label": paper.appendix_label,
        "author": paper.author,
        "paper_date": paper.paper_date.isoformat() if paper.paper_date else None,
        "contact": paper.contact, "security": paper.security,
        "exempt_paragraph": paper.exempt_paragraph, "own_headings": paper.own_headings,
        "uploaded_pdf": paper.uploaded_pdf.name or "",
        "sections": [
            {"heading": s.heading, "kind": s.kind, "body": s.body, "rows": s.rows}
            for s in paper.sections.order_by("position")
        ],
    }


def paper_is_published(paper: Paper) -> bool:
    """True once the paper has gone out: its meeting's agenda is published (or later) and it
    is not waiting in a supplementary agenda that is not yet published."""
    meeting = paper.agenda_item.meeting
    if meeting.status == Meeting.Status.PLANNED:
        return False
    return paper.supplement_id is None or paper.supplement.published_at is not None


def paper_first_version_ensure(*, paper: Paper, actor=None, when=None) -> PaperVersion:
    """The paper's version 1 (as published), made from its present text when it has none
    (a paper published before versions were kept). ``when`` defaults to the time its
    agenda or supplement was published. Returns the latest version."""
    latest = paper.versions.order_by("-number").first()
    if latest is not None:
        return latest
    if when is None:
        supplement = paper.supplement
        when = (supplement.published_at if supplement is not None else None) or (
            paper.agenda_item.meeting.published_at) or timezone.now()
    return PaperVersion.objects.create(
        paper=paper, number=1, kind=PaperVersion.Kind.PUBLISHED, content=paper_content(paper),
        supplement=paper.supplement, created_by=_user(actor), published_at=when,
    )


def paper_version_add(
    *, paper: Paper, actor, kind: str, reason: str, supplement=None
) -> PaperVersion:
    """Keep the paper's present text as its next version: a correction is published now,
    a supplement version when ``supplement`` is."""
    last = paper.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return PaperVersion.objects.create(
        paper=paper, number=last + 1, kind=kind, reason=reason, content=paper_content(paper),
        supplement=supplement, created_by=_user(actor),
        published_at=timezone.now() if kind == PaperVersion.Kind.CORRECTION else None,
    )


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def paper_as_published(paper: Paper, *, supplement=None) -> tuple[Paper, list]:
    """``(paper, sections)`` as a pack prints it: for the main pack (``supplement`` None) the
    latest published version that went out with the agenda or as a correction, for a
    supplementary agenda's pack the latest version that goes out in it; the live paper and
    its sections when there is no such version (a paper not yet published, or published
    before versions were kept). The paper returned for a version is an unsaved copy carrying
    that version's cover details, security and uploaded file; each section has ``heading``,
    ``kind``, ``body`` and ``rows``."""
    # .all() (ordered by number: PaperVersion.Meta) so a pack's prefetched versions are used.
    versions = [v for v in paper.versions.all()
                if (v.supplement_id == supplement.pk if supplement is not None
                    else v.published_at is not None and v.kind != PaperVersion.Kind.SUPPLEMENT)]
    if not versions:
        return paper, list(paper.sections.all())
    content = versions[-1].content
    shown = copy.copy(paper)
    for name in ("title", "heading", "appendix_label", "author", "contact", "security",
                 "exempt_paragraph", "own_headings"):
        setattr(shown, name, content.get(name, getattr(paper, name)))
    shown.paper_date = (dt.date.fromisoformat(content["paper_date"])
                        if content.get("paper_date") else None)
    shown.uploaded_pdf = content.get("uploaded_pdf") or ""
    sections = [SimpleNamespace(heading=s.get("heading", ""), kind=s.get("kind", "text"),
                                body=s.get("body", ""), rows=s.get("rows", []))
                for s in content.get("sections", [])]
    return shown, sections
