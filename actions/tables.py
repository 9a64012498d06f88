"""The action log as a sortable GOV.UK table."""
import datetime as dt
from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from csp_portal.templatetags.govuk import govuk_rag_tag, govuk_status_tag

from .models import Action

# Dates and tags read badly broken over lines.
_NOWRAP = {"td": {"class": "govuk-table__cell csp-nowrap"}}
_TEXT = {"td": {"class": "govuk-table__cell csp-action-table__text"}}


class ActionTable(tables.Table):
    """Columns of the seed's action log: number, description, leads, meeting raised, target date,
    RAG, open/closed, comments/update. Sortable by number, meeting, target date, RAG and status."""

    number = tables.Column(verbose_name="No.")
    description = tables.Column(orderable=False, attrs=_TEXT)
    leads = tables.Column(verbose_name="Lead", accessor="pk", orderable=False, empty_values=())
    raised_at = tables.Column(
        verbose_name="Meeting raised", order_by=("raised_at__start",), attrs=_NOWRAP
    )
    target_date = tables.Column(
        verbose_name="Target date", order_by=("target_date", "number"), empty_values=(),
        attrs=_NOWRAP,
    )
    rag_status = tables.Column(verbose_name="RAG", attrs=_NOWRAP)
    status = tables.Column(verbose_name="Open/closed", attrs=_NOWRAP)
    comments = tables.Column(
        verbose_name="Comments / update", orderable=False, empty_values=(), attrs=_TEXT
    )

    class Meta:
        model = Action
        fields = (
            "number", "description", "leads", "raised_at", "target_date",
            "rag_status", "status", "comments",
        )
        template_name = "django_tables2/govuk.html"
        orderable = True
        empty_text = "No actions match these filters."
        attrs = {
            "class": "govuk-table csp-action-table",
            "th": {"class": "govuk-table__header"},
            "td": {"class": "govuk-table__cell"},
        }

    def render_description(self, value: str) -> SafeString:
        return linebreaksbr(value, autoescape=True)

    def render_leads(self, record: Action) -> SafeString:
        names = [p.name for p in record.lead_people.all()]
        if record.lead_body:
            names.append(record.lead_body)
        return format_html_join(", ", "{}", ((n,) for n in names))

    def render_raised_at(self, record: Action) -> str:
        return _short_date(timezone.localdate(record.raised_at.start))

    def render_target_date(self, record: Action) -> str:
        if record.target_date is None:
            return "Date TBC"
        return _short_date(record.target_date)

    def render_rag_status(self, record: Action) -> SafeString:
        return _tag(govuk_rag_tag(record.rag_status))

    def render_status(self, record: Action) -> SafeString:
        colour = "blue" if record.is_open else "grey"
        return _tag(govuk_status_tag(record.get_status_display(), colour))

    def render_comments(self, value: str) -> SafeString:
        return linebreaksbr(value, autoescape=True)


def _short_date(day: dt.date) -> str:
    """ "13 Dec 2017": months are abbreviated in tables (GOV.UK style)."""
    return f"{day.day} {day:%b %Y}"


def _tag(context: dict[str, Any]) -> SafeString:
    return render_to_string("govuk/tag.html", context)
