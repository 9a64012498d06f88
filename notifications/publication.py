"""Emails to a meeting's members when its agenda is published or a supplement issued.

Each recipient gets the agenda as boards.selectors.meeting_agenda prints it for them:
a restricted item (or paper) is listed only as "exempt" with its paragraph to anyone who
may not see it (boards.access), never with its title. Links, never attachments.
"""
from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from boards.models import AgendaItem, Meeting, Paper, SupplementaryAgenda
from boards.publishing.selectors import supplement_papers
from boards.selectors import AgendaEntry, meeting_agenda

from .models import Frequency, Notification
from .selectors import meeting_recipients
from .sending import Email, emails_send, frequencies, portal_url, render_body


def _agenda_lines(entries: list[AgendaEntry], indent: str = "") -> list[str]:
    lines: list[str] = []
    for entry in entries:
        if entry.redacted:
            lines.append(f"{indent}{entry.label} Exempt item (paragraph {entry.exempt_paragraph})")
            continue
        lines.append(f"{indent}{entry.label} {entry.title}")
        for paper in entry.papers:
            if paper.viewable:
                lines.append(f"{indent}    Paper: {paper.title}")
            else:
                lines.append(f"{indent}    Exempt paper (paragraph {paper.exempt_paragraph})")
        lines += _agenda_lines(entry.sub_items, indent + "    ")
    return lines


def _meeting_context(meeting: Meeting) -> dict:
    slug = meeting.board.slug
    return {
        "meeting": meeting,
        "board": meeting.board,
        "start": timezone.localtime(meeting.start),
        "meeting_url": portal_url(reverse("boards:meeting_detail", args=[slug, meeting.pk])),
        "public_pack_url": portal_url(
            reverse("boards:public_pack_download", args=[slug, meeting.pk])
        ),
        "members_pack_url": portal_url(
            reverse("boards:members_pack_download", args=[slug, meeting.pk])
        ),
    }


def agenda_published_emails(*, meeting: Meeting) -> list[Email]:
    """One email per recipient who wants immediate emails (notifications.selectors.
    meeting_recipients), with the agenda each may see. Event key ``agenda:<meeting>:<person>``.
    """
    recipients = meeting_recipients(meeting=meeting)
    wanted = frequencies({r.person.pk for r in recipients})
    agendas = {
        is_member: "\n".join(_agenda_lines(meeting_agenda(meeting=meeting, is_member=is_member)))
        for is_member in (False, True)
    }
    context = _meeting_context(meeting)
    subject = f"Agenda published: {meeting.board.name}, {context['start']:%-d %B %Y}"
    return [
        Email(
            event_key=f"agenda:{meeting.pk}:person:{r.person.pk}",
            kind=Notification.Kind.AGENDA, person=r.person, subject=subject,
            body=render_body("notifications/email/agenda_published.txt", {
                **context, "agenda": agendas[r.is_member], "is_member": r.is_member,
            }, person=r.person),
        )
        for r in recipients if wanted[r.person.pk] == Frequency.IMMEDIATE
    ]


def agenda_published_notify(*, meeting_id: int) -> int:
    """Email the members that the agenda of Meeting ``meeting_id`` is published. Returns the
    number of messages sent (0 when each was sent before)."""
    meeting = Meeting.objects.select_related("board").get(pk=meeting_id)
    return len(emails_send(agenda_published_emails(meeting=meeting)))


def _paper_line(paper: Paper, is_member: bool) -> str:
    item = paper.agenda_item
    label = f"{item.parent.position}.{item.position}" if item.parent_id else f"{item.position}"
    paragraph = paper.restricting_paragraph
    if paragraph is not None and not is_member:
        return f"{label} Exempt paper (paragraph {paragraph})"
    return f"{label} {paper.title}"


def _item_line(item: AgendaItem, is_member: bool) -> str:
    restricting = item.restricted_by
    if restricting is not None and not is_member:
        return f"{item.label} Exempt item (paragraph {restricting.exempt_paragraph})"
    return f"{item.label} {item.title}"


def supplement_published_emails(*, supplement: SupplementaryAgenda) -> list[Email]:
    """One email per recipient who wants immediate emails, listing the supplement's late
    items and papers (exempt ones without their titles to anyone who may not see them).
    Event key ``supplement:<supplement>:<person>``."""
    meeting = supplement.meeting
    recipients = meeting_recipients(meeting=meeting)
    wanted = frequencies({r.person.pk for r in recipients})
    papers = supplement_papers(supplement=supplement)
    items = list(supplement.agenda_items.select_related("parent").order_by("position", "pk"))
    context = _meeting_context(meeting)
    subject = (f"Supplementary agenda {supplement.number}: {meeting.board.name}, "
               f"{context['start']:%-d %B %Y}")
    return [
        Email(
            event_key=f"supplement:{supplement.pk}:person:{r.person.pk}",
            kind=Notification.Kind.SUPPLEMENT, person=r.person, subject=subject,
            body=render_body("notifications/email/supplement_published.txt", {
                **context, "supplement": supplement, "is_member": r.is_member,
                "papers": "\n".join(_paper_line(p, r.is_member) for p in papers),
                "items": "\n".join(_item_line(i, r.is_member) for i in items),
            }, person=r.person),
        )
        for r in recipients if wanted[r.person.pk] == Frequency.IMMEDIATE
    ]


def supplement_published_notify(*, supplement_id: int) -> int:
    """Email the members that SupplementaryAgenda ``supplement_id`` is published. Returns the
    number of messages sent."""
    supplement = SupplementaryAgenda.objects.select_related("meeting__board").get(
        pk=supplement_id
    )
    return len(emails_send(supplement_published_emails(supplement=supplement)))
