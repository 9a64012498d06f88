"""The action log as a sortable GOV.UK table, and as the same rows in a CSV or XLSX file."""
import datetime as dt
import inspect
from functools import cache
from typing import Any

import django_tables2 as tables
from django.core.paginator import Paginator
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django_tables2.data import TableListData
from django_tables2.rows import BoundRow, BoundRows

from csp_portal.templatetags.govuk import govuk_rag_tag, govuk_status_tag

from .models import Action

# Dates and tags read badly broken over lines.
_NOWRAP = {"td": {"class": "govuk-table__cell csp-nowrap"}}
_TEXT = {"td": {"class": "govuk-table__cell csp-action-table__text"}}


class ActionTable(tables.Table):
    """Columns of the seed's action log: number, description, leads, meeting raised, target date,
    RAG, open/closed, comments/update. Sortable by number, meeting, target date, RAG and status.

    ``reviewed_on`` (a date) is when the log is reviewed: an open action raised
    before it is carried forward and shows its age then ("Raised 13 Dec 2017 ·
    105 days"). Exports are written by actions.exports, in the table's order.
    """

    board = tables.Column(verbose_name="Board", order_by=("board__name", "number"))
    number = tables.Column(verbose_name="No.")
    description = tables.Column(orderable=False, attrs=_TEXT)
    leads = tables.Column(verbose_name="Lead", accessor="pk", orderable=False, empty_values=())
    raised_at = tables.Column(
        verbose_name="Meeting raised", order_by=("raised_at__start",), attrs=_NOWRAP,
        empty_values=(),
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
            "board", "number", "description", "leads", "raised_at", "target_date",
            "rag_status", "status", "comments",
        )
        template_name = "django_tables2/govuk_rows.html"
        orderable = True
        empty_text = "No actions match these filters."
        attrs = {
            "class": "govuk-table csp-action-table",
            "th": {"class": "govuk-table__header"},
            "td": {"class": "govuk-table__cell"},
        }

    def __init__(
        self, *args: Any, reviewed_on: dt.date | None = None, show_board: bool = False,
        **kwargs: Any,
    ) -> None:
        # The owning board is shown only when the log includes the boards below.
        if not show_board:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "board")
        super().__init__(*args, **kwargs)
        self.reviewed_on = reviewed_on

    def body_rows(self) -> list[SafeString]:
        """The current page's rows as HTML, one ``<tr>`` each.

        Calls the ``render_<column>`` methods directly, with arguments worked out
        once per column, instead of django-tables2's per-cell accessor lookups and
        signature inspection and a template per cell: the same cells at a fraction
        of the cost. A column without a render method falls back to django-tables2.
        """
        plan = []
        for position, column in enumerate(self.columns):
            render = getattr(self, f"render_{column.name}", None)
            params = set(inspect.signature(render).parameters) if render else set()
            cell = ('<th scope="row" class="govuk-table__header">{}</th>' if position == 0
                    else f"<td {column.attrs['td'].as_html()}>{{}}</td>")
            # The optional arguments django-tables2 offers a render method, worked out
            # once per column: those that do not change from row to row, and which of
            # the others it takes.
            offered = {"table": self, "column": column.column, "bound_column": column}
            fixed = {k: v for k, v in offered.items() if k in params}
            plan.append((column, render, cell, fixed, "record" in params, "value" in params,
                         "bound_row" in params, column.column.empty_values,
                         column.accessor.resolve))
        rows = []
        for record in self.paginated_rows:
            record = record.record if isinstance(record, BoundRow) else record
            cells = []
            for (column, render, cell, fixed, takes_record, takes_value, takes_row, empty,
                 resolve) in plan:
                if render is None:
                    html = BoundRow(record, table=self).get_cell(column.name)
                else:
                    value = resolve(record, quiet=True)
                    if value in empty:
                        html = column.default
                    else:
                        kwargs: dict[str, Any] = dict(fixed)
                        if takes_record:
                            kwargs["record"] = record
                        if takes_value:
                            kwargs["value"] = value
                        if takes_row:
                            kwargs["bound_row"] = BoundRow(record, table=self)
                        html = render(**kwargs)
                cells.append(cell.format(conditional_escape(html)))
            rows.append(SafeString(f'<tr class="govuk-table__row">{"".join(cells)}</tr>'))
        return rows

    def render_board(self, record: Action) -> str:
        return record.board.short_name or record.board.name

    def render_number(self, record: Action) -> str:
        return record.log_reference

    def render_description(self, value: str, record: Action) -> SafeString:
        url = reverse("actions:action_detail", args=[record.board.slug, record.number])
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', url, linebreaksbr(value, autoescape=True)
        )

    def render_leads(self, record: Action) -> SafeString:
        return format_html_join(", ", "{}", ((n,) for n in lead_names(record)))

    def render_raised_at(self, record: Action) -> str:
        if record.raised_at is None:
            return "From the plan"
        raised = timezone.localdate(record.raised_at.start)
        if self.reviewed_on is not None and record.is_open and raised < self.reviewed_on:
            return f"Raised {_short_date(raised)} · {(self.reviewed_on - raised).days} days"
        return _short_date(raised)

    def render_target_date(self, record: Action) -> str:
        if record.target_date is None or record.target_ongoing:
            return record.target_display
        if record.target_is_month:
            return f"{record.target_date:%b %Y}"
        return _short_date(record.target_date)

    def render_rag_status(self, record: Action) -> SafeString:
        return _rag_tag_html(record.rag_status)

    def render_status(self, record: Action) -> SafeString:
        colour = "blue" if record.is_open else "grey"
        return _status_tag_html(record.get_status_display(), colour)

    def render_comments(self, value: str) -> SafeString:
        return linebreaksbr(value, autoescape=True)


def lead_names(action: Action) -> list[str]:
    """The action's leads as names: people, then organisations, then the lead body."""
    names = [p.name for p in action.lead_people.all()]
    names += [o.name for o in action.lead_organisations.all()]
    return names + ([action.lead_body] if action.lead_body else [])


def _short_date(day: dt.date) -> str:
    """ "13 Dec 2017": months are abbreviated in tables (GOV.UK style)."""
    return f"{day.day} {day:%b %Y}"


@cache
def _rag_tag_html(code: str) -> SafeString:
    return render_to_string("govuk/tag.html", govuk_rag_tag(code))


@cache
def _status_tag_html(label: str, colour: str) -> SafeString:
    return render_to_string("govuk/tag.html", govuk_status_tag(label, colour))


class ActionLogPaginator(Paginator):
    """Pages of an ActionTable's rows, without deep OFFSET costs.

    ``count`` is given (the page already counts the rows, with their RAG, in one
    aggregate). A page is read as its actions' primary keys first, in the table's
    order (a narrow index scan, however deep the page), then those actions with
    their joins and leads: the wide rows are never read to be skipped.
    """

    def __init__(self, object_list: BoundRows, per_page: int, *, count: int,
                 **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count

    def page(self, number: Any):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        queryset = self.object_list.data.data
        ids = list(queryset.values_list("pk", flat=True)[bottom:bottom + self.per_page])
        found = {action.pk: action for action in queryset.filter(pk__in=ids).order_by()}
        rows = BoundRows(TableListData([found[pk] for pk in ids if pk in found]),
                         table=self.object_list.table)
        return self._get_page(rows, number, self)
