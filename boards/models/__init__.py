"""Boards, people, memberships, meetings, agendas, papers, minutes, forward plan, packs."""

from .meetings import (
    EXEMPT_PARAGRAPHS,
    EXEMPT_PARAGRAPHS_FULL,
    AgendaItem,
    Attendance,
    DeclarationOfInterest,
    ForwardPlanItem,
    Meeting,
    Minute,
    Purpose,
    agenda_tree,
)
from .packs import PackRender, SupplementaryAgenda
from .papers import Paper, PaperSection, PaperSignOff, SecurityClassification
from .people import Board, BoardKind, Membership, Organisation, Person
from .versions import PaperVersion, supplement_papers_all

__all__ = [
    "EXEMPT_PARAGRAPHS",
    "EXEMPT_PARAGRAPHS_FULL",
    "AgendaItem",
    "Attendance",
    "Board",
    "BoardKind",
    "DeclarationOfInterest",
    "ForwardPlanItem",
    "Meeting",
    "Membership",
    "Minute",
    "Organisation",
    "PackRender",
    "Paper",
    "PaperSection",
    "PaperSignOff",
    "PaperVersion",
    "Person",
    "Purpose",
    "SecurityClassification",
    "SupplementaryAgenda",
    "agenda_tree",
    "supplement_papers_all",
]
