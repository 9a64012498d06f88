"""Generated documents of the pack body: previous minutes, action log, forward plan.

An agenda item's ``pack_content`` asks for them (AgendaItem.PackContent).
"""
from __future__ import annotations

from typing import Any

from django.utils import timezone

from actions.models import Action
from actions.selectors import action_log_carried_forward
from boards.models import Attendance, ForwardPlanItem, Meeting
from indicators.performance import financial_year

from .common import PUBLIC, clock, long_date, meeting_date, top_items


def _people(attendances: list[Attendance], status: str, *, leave_out=None) -> list[str]:
    """Names of those with ``status``, as the minutes spell them, with note and substitution."""
    out = []
    for a in attendances:
        if a.status != status or (leave_out is not None and a.person_id == leave_out.pk):
            continue
        text = a.name_as_minuted or a.person.name
        if a.note:
            text += f" ({a.note})"
        if a.substituting_for_id:
            text += f", for {a.substituting_for.name}"
        out.append(text)
    return out


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The board's meeting before this one, by start time."""
    return (
        Meeting.objects.filter(board=meeting.board, start__lt=meeting.start)
        .order_by("-start")
        .first()
    )


def minutes_context(meeting: Meeting, *, edition: str) -> dict[str, Any]:
    """Minutes of the previous meeting: attendance, then each item's minute.

    Names print as these minutes spell them (Attendance.name_as_minuted). The
    minute taker, printed under "Minutes:", is not repeated under "In attendance".
    An item with no minute recorded is left out (the minutes page shows it to the
    clerk). In the public pack, the minute of a restricted item shows its title
    and exempt paragraph only.
    """
    prev = previous_meeting(meeting)
    if prev is None:
        return {"previous": None, "board_name": meeting.display_title}
    attendances = list(prev.attendances.select_related("person", "substituting_for"))
    raised = minute_actions_by_item(prev)
    rows = []
    for top in top_items(prev):
        for item in [top, *top.pack_sub_items]:
            minute = getattr(item, "minute", None)
            restricted_by = item.restricted_by
            if edition == PUBLIC and restricted_by is not None:
                if item is not top and top.is_restricted:
                    continue
                rows.append({"item": item, "exempt_paragraph": restricted_by.exempt_paragraph})
                continue
            actions = raised.get(item.pk, [])
            has_text = minute is not None and (minute.text.strip() or minute.decisions.strip())
            if not has_text and not actions:
                continue
            rows.append(
                {
                    "item": item,
                    "text": minute.text if minute else "",
                    "decisions": minute.decisions if minute else "",
                    "actions": actions,
                    "restricted_paragraph": restricted_by.exempt_paragraph
                    if restricted_by
                    else None,
                }
            )
    start = timezone.localtime(prev.start)
    return {
        "previous": prev,
        "board_name": prev.display_title,
        "date_text": f"{start:%A} {long_date(start.date())}",
        "times": clock(prev.start) + (f" - {clock(prev.end)}" if prev.end else ""),
        "present": _people(attendances, Attendance.Status.PRESENT),
        "in_attendance": _people(attendances, Attendance.Status.IN_ATTENDANCE,
                                 leave_out=prev.minute_taker),
        "apologies": _people(attendances, Attendance.Status.APOLOGIES),
        "minute_taker": prev.minute_taker,
        "rows": rows,
        "draft": not prev.minutes_are_confirmed,
        "amendments": prev.minutes_amendments if prev.minutes_are_confirmed else "",
    }


def minute_actions_by_item(meeting: Meeting) -> dict[int, list[dict[str, Any]]]:
    """Agenda item pk → the actions raised under it at ``meeting``, by number, each
    ``{"number", "description", "lead", "target"}`` for "ACTION: lead – target". Three queries."""
    out: dict[int, list[dict[str, Any]]] = {}
    actions = (
        Action.objects.filter(raised_at=meeting, raised_under__isnull=False)
        .prefetch_related("lead_people", "lead_organisations").order_by("number")
    )
    for action in actions:
        names = [p.name for p in action.lead_people.all()]
        names += [o.name for o in action.lead_organisations.all()]
        names += [action.lead_body] if action.lead_body else []
        out.setdefault(action.raised_under_id, []).append({
            "number": action.number, "description": action.description,
            "lead": ", ".join(names), "target": action.target_display,
        })
    return out


def action_log_context(meeting: Meeting, *, edition: str) -> dict[str, Any]:
    """Open actions raised at the board's earlier meetings (and plan actions on the log before
    it), carried forward (DOMAIN.md: Action log).

    In the public pack an action raised under a restricted item shows its
    exempt paragraph instead of its description and update.
    """
    actions = action_log_carried_forward(meeting=meeting)
    rows = []
    for action in actions:
        leads = [p.name for p in action.lead_people.all()]
        leads += [o.name for o in action.lead_organisations.all()]
        if action.lead_body:
            leads.append(action.lead_body)
        paragraph = action.restricting_paragraph
        hidden = edition == PUBLIC and paragraph is not None
        rows.append(
            {
                "number": action.number,
                "description": "" if hidden else action.description,
                "exempt_paragraph": paragraph if hidden else None,
                "lead": "/ ".join(leads),
                "meeting_date": (long_date(meeting_date(action.raised_at))
                                 if action.raised_at else "From the plan"),
                "target": action.target_display,
                "rag": action.get_rag_status_display(),
                "rag_code": action.rag_status,
                "status": action.get_status_display(),
                "comments": "" if hidden else action.comments,
            }
        )
    return {"board_name": meeting.display_title, "rows": rows}


def forward_plan_context(meeting: Meeting) -> dict[str, Any]:
    """The board's forward plan from the start of this financial year, grouped by meeting.

    Each meeting prints the publication date the plan gives (planned_publication_date,
    else the publication date); breaks print as "Break" rows.
    """
    since = financial_year(meeting_date(meeting)).start
    items = (
        ForwardPlanItem.objects.filter(board=meeting.board, meeting__start__date__gte=since)
        .select_related("meeting")
        .order_by("meeting__start", "position", "id")
    )
    groups: list[dict[str, Any]] = []
    for fp in items:
        if not groups or groups[-1]["meeting"].pk != fp.meeting_id:
            start = timezone.localtime(fp.meeting.start)
            pub = fp.meeting.planned_publication_date or fp.meeting.publication_date
            groups.append(
                {
                    "meeting": fp.meeting,
                    "date_text": f"{start:%A} {long_date(start.date())}",
                    "publication_text": f"{pub:%A} {long_date(pub)}" if pub else "",
                    "items": [],
                }
            )
        groups[-1]["items"].append(fp)
    return {"board_name": meeting.display_title, "groups": groups}
