"""How the performance dashboard's rows read: each summary-table row and executive-summary
line as HTML, built in one loop.

A large partnership's dashboard has hundreds of rows: a template loop with a URL
lookup, an include and a dozen variable lookups per row was most of the page's
time. The markup is the one the dashboard template wrote per row, with every
value escaped as the template's autoescaping did.
"""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any
from urllib.parse import quote

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from csp_portal.templatetags.govuk import govuk_status_tag

# What django.urls.reverse leaves unquoted in a path (its own RFC 3986 set).
_PATH_SAFE = "!$&'()*+,;=" + "/~:@"
_PLACEHOLDER = "__reference__"


def summary_href_maker(*, board_slug: str, as_at: dt.date) -> Callable[[str], str]:
    """A function: indicator reference -> its one-page summary's address as at ``as_at``
    (``/boards/<slug>/performance/<reference>/?as_at=YYYY-MM``), as ``{% url %}`` writes it.

    The route is reversed once; each reference is quoted into it as reverse() would.
    A reference with a slash (which the route cannot take) goes through reverse(),
    which raises NoReverseMatch as before.
    """
    base = reverse("indicators:indicator_summary", args=[board_slug, _PLACEHOLDER])
    head, _, tail = base.rpartition(_PLACEHOLDER)
    query = f"?as_at={as_at:%Y-%m}"

    def href(reference: str) -> str:
        if "/" in reference:
            return reverse("indicators:indicator_summary", args=[board_slug, reference]) + query
        return f"{head}{quote(reference, safe=_PATH_SAFE)}{tail}{query}"

    return href


def _esc(value: Any) -> str:
    """``value`` escaped for HTML as the template's autoescaping does (conditional_escape,
    without its lazy-string wrapper: this runs for every cell)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@cache
def _in_development_tag() -> SafeString:
    return render_to_string("govuk/tag.html", govuk_status_tag("In development", "grey"))


def _figure_cell(row: dict[str, Any]) -> str:
    """The "FYTD figure and change" cell's text, escaped."""
    esc = _esc
    if row["figure"]:
        text = esc(row["figure"])
        if row["change_text"]:
            return f"{text}, {esc(row['change_text'])}"
        if row["cohort_label"]:
            return f"{text} ({esc(row['cohort_label'])} cohort)"
        return text
    return "See the one-page summary" if row["period"] else "No approved return"


def dashboard_row_html(row: dict[str, Any], href: str) -> str:
    """One summary-table row (a ``performance_report_context`` row with ``rag_tag``) as a
    ``<tr>``: reference, name (linked to its one-page summary at ``href`` unless in
    development), RAG tag, figure and change, London change ("–" if none)."""
    esc = _esc
    name = esc(row["name"])
    head = (f'<tr class="govuk-table__row">\n'
            f'      <th scope="row" class="govuk-table__header">{esc(row["reference"])}</th>\n')
    if row["in_development"]:
        return (f'{head}      <td class="govuk-table__cell">{name}</td>\n'
                f'      <td class="govuk-table__cell" colspan="3">{_in_development_tag()}</td>\n'
                f'    </tr>')
    overridden = ' <span class="govuk-body-s">(overridden)</span>' if row["rating"].overridden \
        else ""
    return (f'{head}      <td class="govuk-table__cell"><a class="govuk-link" href="{esc(href)}">'
            f'{name}</a></td>\n'
            f'      <td class="govuk-table__cell">{row["rag_tag"]}{overridden}</td>\n'
            f'      <td class="govuk-table__cell">{_figure_cell(row)}</td>\n'
            f'      <td class="govuk-table__cell">{esc(row["london_text"] or "–")}</td>\n'
            f'    </tr>')


def dashboard_rows_html(rows: Iterable[dict[str, Any]], href: Callable[[str], str]
                        ) -> SafeString:
    """``rows`` as ``<tr>`` elements (dashboard_row_html), one a line."""
    return mark_safe("\n    ".join(dashboard_row_html(row, href(row["reference"]))
                                   for row in rows))


def summary_lines_html(entries: list[dict[str, Any]], href: Callable[[str], str]
                       ) -> SafeString:
    """An executive-summary list: ``entries`` ({"line": SummaryLine, "rag_tag"}) as a bullet
    list of RAG tag, linked reference and title, and sentence; "None." when empty."""
    if not entries:
        return mark_safe('<p class="govuk-body">None.</p>')
    esc = _esc
    items = "".join(
        f'<li>{entry["rag_tag"]} <a class="govuk-link" href="{esc(href(line.reference))}">'
        f'{esc(line.reference)} {esc(line.title)}</a>: {esc(line.sentence)}</li>\n'
        for entry in entries for line in (entry["line"],)
    )
    return mark_safe(f'<ul class="govuk-list govuk-list--bullet">\n{items}</ul>')
