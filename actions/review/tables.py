"""The action log as the chair reviews it: a box to select each open action of the board,
"Overdue" and "Asked to close" beside the RAG, and each cell labelled by its column so that
below 640 px every row reads as a card (static/csp/workflows.css)."""
import datetime as dt
from collections.abc import Container
from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..models import Action
from ..tables import ActionTable, _status_tag_html


class ReviewActionTable(ActionTable):
    """ActionTable with a ``select`` column (a box for each row ``in selectable``, ticked
    when its pk is in ``selected``; no column when ``selectable`` is None) and the RAG cell
    carrying "Overdue" (open, target date before ``today``) and "Asked to close" (a lead
    marked it complete)."""

    select = tables.Column(
        verbose_name="Select", accessor="pk", orderable=False, empty_values=(),
        exclude_from_export=True,
        attrs={"td": {"class": "govuk-table__cell csp-select-cell"}},
    )

    class Meta(ActionTable.Meta):
        sequence = ("board", "number", "select", "...")

    def __init__(
        self, *args: Any, today: dt.date, selectable: Container[Action] | None = None,
        selected: set[int] = frozenset(), **kwargs: Any,
    ) -> None:
        if selectable is None:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "select")
        super().__init__(*args, **kwargs)
        self.today, self.selectable, self.selected = today, selectable, selected
        for bound in self.columns:
            td = bound.column.attrs.setdefault("td", {})
            td["data-label"] = str(bound.verbose_name)

    def render_select(self, record: Action) -> SafeString | str:
        if record not in self.selectable:
            return ""
        return format_html(
            '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
            '<div class="govuk-checkboxes__item">'
            '<input class="govuk-checkboxes__input" id="select-{pk}" name="selected" '
            'type="checkbox" value="{pk}" form="review-form"{checked}>'
            '<label class="govuk-label govuk-checkboxes__label" for="select-{pk}">'
            '<span class="govuk-visually-hidden">Select action {ref}</span></label>'
            "</div></div>",
            pk=record.pk, ref=record.log_reference,
            checked=SafeString(" checked") if record.pk in self.selected else "",
        )

    def render_rag_status(self, record: Action) -> SafeString:
        rag = super().render_rag_status(record)
        extra = []
        if record.is_open and record.target_date and record.target_date < self.today:
            extra.append(_status_tag_html("Overdue", "red"))
        if record.is_open and record.completion_requested_at:
            extra.append(_status_tag_html("Asked to close", "purple"))
        return format_html("{}{}", rag, SafeString("".join(
            f'<br><span class="csp-overdue">{tag}</span>' for tag in extra
        )))
