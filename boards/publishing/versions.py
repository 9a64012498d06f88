"""Versions of published papers: what each paper said when it went out.

A published paper does not change silently (DOMAIN.md: Publication and access rules): a
change after publication needs a reason and goes out as a correction or in a
supplementary agenda, and every version is kept (boards.models.PaperVersion).
"""
from __future__ import annotations

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
