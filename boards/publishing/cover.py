"""A paper's council cover sheet as printed (DOMAIN.md: Publication and access rules).

Councils' report cover sheets name who the report is of, its originating
officers, the lead member, the wards affected, whether it is a key decision
(with its forward plan reference), the plan priorities it serves, background
papers and sign-offs (finance, legal...) with dates. Every line is optional and
printed only when filled; the classification is the paper's security line.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils import dateformat

from boards.models import Paper


@dataclass(frozen=True)
class SignOffLine:
    """One printed sign-off: the function ("Finance"), the name, the date as text ('' if
    none)."""

    role: str
    name: str
    date: str


def _long(day) -> str:
    return dateformat.format(day, "j F Y") if day else ""


def key_decision_text(paper: Paper) -> str:
    """"Yes (forward plan reference FP/123)", "Yes", "No", or '' when the paper does not say."""
    if paper.key_decision is None:
        return ""
    if not paper.key_decision:
        return "No"
    ref = paper.forward_plan_reference.strip()
    return f"Yes (forward plan reference {ref})" if ref else "Yes"


def paper_cover_rows(paper: Paper) -> list[tuple[str, str]]:
    """(label, text) of each filled cover sheet line in the order councils print them.

    Texts are plain and may hold line breaks (one officer, priority or background
    paper a line). Reads the paper's plan priorities (one query unless prefetched).
    """
    priorities = "\n".join(f"{p.code} {p.title}".strip() for p in paper.plan_priorities.all())
    rows = [
        ("Report of", paper.report_of.strip()),
        ("Originating officer(s)", paper.originating_officers.strip()),
        ("Lead member", paper.lead_member.strip()),
        ("Wards affected", paper.wards_affected.strip()),
        ("Key decision", key_decision_text(paper)),
        ("Plan priority", priorities),
        ("Background papers", paper.background_papers.strip()),
    ]
    return [(label, text) for label, text in rows if text]


def paper_sign_offs(paper: Paper) -> list[SignOffLine]:
    """The paper's sign-offs in the order entered."""
    return [SignOffLine(role=s.role, name=s.name, date=_long(s.signed_on))
            for s in paper.sign_offs.all()]


def paper_cover_context(paper: Paper) -> dict:
    """``cover_rows`` and ``sign_offs`` of ``paper`` for a template (the pack's paper part and
    the paper's page)."""
    return {"cover_rows": paper_cover_rows(paper), "sign_offs": paper_sign_offs(paper)}
