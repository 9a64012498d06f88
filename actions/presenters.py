"""How an action and its history read on screen: rows for govuk_summary_list and govuk_table."""
import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.template.defaultfilters import linebreaksbr, truncatechars
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from csp_portal import clock
from csp_portal.templatetags.govuk import govuk_rag_tag, govuk_status_tag

from .models import Action, ActionUpdate, RagStatus


def long_date(day: dt.date | None) -> str:
    """ "13 December 2017"; "Date TBC" for None."""
    return f"{day.day} {day:%B %Y}" if day else "Date TBC"


def rag_tag(code: str) -> SafeString:
    """A RAG tag that names its colour (never colour alone)."""
    return render_to_string("govuk/tag.html", govuk_rag_tag(code))


def status_tag(action: Action) -> SafeString:
    colour = "blue" if action.is_open else "grey"
    return render_to_string("govuk/tag.html", govuk_status_tag(action.get_status_display(), colour))


def _action_link(action: Action, board_slug: str) -> SafeString:
    url = reverse("actions:action_detail", args=[board_slug, action.number])
    return format_html(
        '<a class="govuk-link" href="{}">Action {}: {}</a>', url, action.number,
        action.description[:80],
    )


def leads_text(action: Action) -> str:
    """ "Kate Sandercock, Metropolitan Police, YOS management board": lead people by name,
    then lead organisations, then the lead body."""
    names = [p.name for p in action.lead_people.all()]
    names += [o.name for o in action.lead_organisations.all()]
    return ", ".join(names + ([action.lead_body] if action.lead_body else []))


def _raised(action: Action) -> SafeString | str:
    meeting = action.raised_at
    if meeting is None:
        return "From the plan (not raised at a meeting)"
    meeting_url = reverse("boards:meeting_detail", args=[action.board.slug, meeting.pk])
    raised = format_html(
        '<a class="govuk-link" href="{}">{}</a>', meeting_url,
        f"{timezone.localtime(meeting.start):%-d %B %Y}",
    )
    item = action.raised_under
    if item is not None:
        raised = format_html("{}, item {} {}", raised, item.full_label, item.title)
    return raised


def _priorities(action: Action) -> str:
    return "; ".join(f"{p.code} {p.title}" for p in action.priorities.all())


def action_summary_rows(action: Action) -> list[tuple[str, Any]]:
    """(key, value) rows describing ``action`` (from actions.selectors.action_get).

    The plan's fields (reference, focus area, priorities, outcomes, resources, review
    date) appear only when filled.
    """
    slug = action.board.slug
    raised = _raised(action)
    target = action.target_display
    overdue = action.is_open and action.target_date and action.target_date < clock.today()
    if overdue:
        target = format_html("{} {}", target, render_to_string(
            "govuk/tag.html", govuk_status_tag("Overdue", "red")
        ))
    merged_from = list(action.merged_from.all())
    return [
        ("Reference", action.reference),
        ("Description", linebreaksbr(action.description, autoescape=True)),
        ("Focus area", action.focus_area),
        ("Plan priorities and objectives", _priorities(action)),
        ("Outcomes", linebreaksbr(action.outcomes, autoescape=True)),
        ("Resources and funding", linebreaksbr(action.resources, autoescape=True)),
        ("Leads", leads_text(action)),
        ("Raised at", raised),
        ("Target date", target),
        ("Review date", long_date(action.review_date) if action.review_date else ""),
        ("RAG status", rag_tag(action.rag_status)),
        ("Open or closed", status_tag(action)),
        ("Closed on", long_date(action.closed_on) if action.closed_on else ""),
        ("Comments / update", linebreaksbr(action.comments, autoescape=True)),
        ("Merged into", _action_link(action.merged_into, slug) if action.merged_into else ""),
        ("Merged from", format_html_join(
            mark_safe("<br>"), "{}", ((_action_link(a, slug),) for a in merged_from)
        ) if merged_from else ""),
    ]


HISTORY_HEAD = ["When", "Who", "Update", "RAG status", "Target date", "Open or closed"]


def _change(before: Any, after: Any, show: Any) -> SafeString | str:
    return format_html("{} → {}", show(before), show(after))


def _rag(code: str) -> SafeString | str:
    return rag_tag(code) if code in RagStatus.values else "Not rated"


def action_history_rows(updates: Iterable[ActionUpdate]) -> list[list[Any]]:
    """One row per update, oldest first: when, who, text, RAG / target / status before → after.

    A target date change shows its reason under it.
    """
    result = []
    for update in updates:
        who = update.author_person.name if update.author_person else (
            update.author.get_username() if update.author else "The portal"
        )
        rag = _change(update.rag_before, update.rag_after, _rag) if update.rag_after else ""
        if update.rag_after and not update.rag_before:
            rag = _rag(update.rag_after)
        target: Any = ""
        if update.target_date_before or update.target_date_after:
            target = _change(update.target_date_before, update.target_date_after, long_date)
            if not update.target_date_before and not update.rag_before and update.rag_after:
                target = long_date(update.target_date_after)  # the action was raised
            if update.reason:
                target = format_html("{}<br>Reason: {}", target, update.reason)
        status = ""
        if update.status_after:
            labels = dict(Action.Status.choices)
            status = labels[update.status_after]
            if update.status_before:
                status = f"{labels[update.status_before]} → {status}"
        when = timezone.localtime(update.created_at)
        result.append([
            {"text": f"{when:%-d %b %Y %H:%M}", "classes": "csp-nowrap"},
            who,
            linebreaksbr(update.text, autoescape=True),
            {"text": rag, "classes": "csp-nowrap"},
            target,
            status,
        ])
    return result


@cache
def _rag_tag_html(code: str) -> SafeString:
    return rag_tag(code)


@cache
def _overdue_tag_html() -> SafeString:
    return render_to_string("govuk/tag.html", govuk_status_tag("Overdue", "red"))


def my_actions_rows(actions: Iterable[Action]) -> list[SafeString]:
    """My actions' table rows as HTML, one ``<tr>`` each: board, number, description (cut to
    160 characters, linked to the action), RAG and target date ("Overdue" tag when the
    action has a true ``is_overdue``, as actions.selectors.my_actions annotates).

    Built in Python with each tag rendered once per page, not a template tag per cell, so
    a lead of hundreds of actions gets the page as fast as a lead of a few. Needs each
    action's ``board`` loaded.
    """
    rows = []
    for action in actions:
        url = reverse("actions:action_detail", args=[action.board.slug, action.number])
        overdue = f" {_overdue_tag_html()}" if getattr(action, "is_overdue", False) else ""
        rows.append(format_html(
            '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td>'
            '<th scope="row" class="govuk-table__header">{}</th>'
            '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>'
            '<td class="govuk-table__cell csp-nowrap">{}</td>'
            '<td class="govuk-table__cell csp-nowrap">{}{}</td></tr>',
            action.board.name, action.number, url, truncatechars(action.description, 160),
            _rag_tag_html(action.rag_status), action.target_display, mark_safe(overdue),
        ))
    return rows
