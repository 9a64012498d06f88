"""GOV.UK Frontend components as template tags: the few the portal uses.

Markup follows GOV.UK Frontend 6 (see frontend/README.md); each tag renders a
template under ``templates/govuk/``. Load with ``{% load govuk %}``.
"""
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()

# RAG codes used by actions.models.RagStatus and indicators.models.Rag ("X" is Grey).
_RAG = {
    "R": ("Red", "govuk-tag--red"),
    "A": ("Amber", "govuk-tag--yellow"),
    "G": ("Green", "govuk-tag--green"),
    "X": ("Grey", "govuk-tag--grey"),
}
_RAG_BY_NAME = {text.lower(): (text, cls) for text, cls in _RAG.values()}

STATUS_COLOURS = {
    "grey", "green", "turquoise", "teal", "blue", "light-blue", "purple", "pink",
    "magenta", "red", "orange", "yellow",
}
"""Tag colours GOV.UK Frontend 6 styles; blue is the plain tag."""


def rag_text_and_class(value: str | None) -> tuple[str, str]:
    """("Amber", "govuk-tag--yellow") for "A" or "Amber"; ("Not rated", grey) for blank.

    Accepts a RAG code (R, A, G, X) or its name, any case. Raises ValueError
    for anything else, so a new RAG value cannot show as a wrong colour.
    """
    if value is None or str(value).strip() == "":
        return "Not rated", "govuk-tag--grey"
    key = str(value).strip()
    if key.upper() in _RAG:
        return _RAG[key.upper()]
    if key.lower() in _RAG_BY_NAME:
        return _RAG_BY_NAME[key.lower()]
    raise ValueError(f"Unknown RAG status {value!r}")


@register.inclusion_tag("govuk/tag.html")
def govuk_rag_tag(value: str | None) -> dict[str, Any]:
    """A RAG status as a tag that says its colour in words (never colour alone).

    ``{% govuk_rag_tag action.rag_status %}`` → ``<strong class="govuk-tag
    govuk-tag--yellow">Amber</strong>``.
    """
    text, css = rag_text_and_class(value)
    return {"text": text, "classes": css}


@register.inclusion_tag("govuk/tag.html")
def govuk_status_tag(text: Any, colour: str = "") -> dict[str, Any]:
    """A status tag, e.g. ``{% govuk_status_tag "Agenda published" "green" %}``.

    ``colour`` is one of STATUS_COLOURS or blank for the default (blue);
    raises ValueError for another colour.
    """
    if colour and colour not in STATUS_COLOURS:
        raise ValueError(f"Unknown tag colour {colour!r}")
    classes = f"govuk-tag--{colour}" if colour and colour != "blue" else ""
    return {"text": text, "classes": classes}


@register.inclusion_tag("govuk/summary_list.html")
def govuk_summary_list(rows: Iterable[Sequence[Any]], classes: str = "") -> dict[str, Any]:
    """A summary list from ``rows`` of (key, value) pairs, in order.

    Values are escaped unless marked safe; a row whose value is None or ""
    is left out, so callers can pass optional fields as they are.
    """
    kept = [(key, value) for key, value in rows if value is not None and value != ""]
    return {"rows": kept, "classes": classes}


_TABLE_CELL_KEYS = {"text", "classes", "format"}


def _table_cell(value: Any, *, header: bool) -> dict[str, Any]:
    """One cell of govuk_table as {"text", "classes", "header"}: see govuk_table for shapes."""
    if isinstance(value, Mapping):
        unknown = set(value) - _TABLE_CELL_KEYS
        if unknown:
            raise ValueError(f"Unknown table cell keys {sorted(unknown)}")
        text, extra, fmt = value.get("text"), value.get("classes", ""), value.get("format", "")
    else:
        text, extra, fmt = value, "", ""
    if fmt not in ("", "numeric"):
        raise ValueError(f"Unknown table cell format {fmt!r}")
    base = "govuk-table__header" if header else "govuk-table__cell"
    classes = [base]
    if fmt:
        classes.append(f"{base}--{fmt}")
    if extra:
        classes.append(extra)
    return {
        "text": "" if text is None else text,
        "classes": " ".join(classes),
        "header": header,
    }


@register.inclusion_tag("govuk/table.html")
def govuk_table(
    head: Iterable[Any] | None = None,
    rows: Iterable[Iterable[Any]] = (),
    *,
    caption: Any = "",
    caption_class: str = "",
    first_cell_is_header: bool = False,
    classes: str = "",
) -> dict[str, Any]:
    """A GOV.UK table, wrapped in ``csp-table-wrapper`` so it scrolls sideways on a phone.

    ``{% govuk_table head=head rows=rows caption="Past meetings"
    caption_class="govuk-visually-hidden" first_cell_is_header=True %}``

    - ``head``: the column headings, one cell each (``<th scope="col">``); None or
      empty for a table with no ``<thead>``.
    - ``rows``: a list of rows, each a list of cells, in order.
    - A cell is a plain value (a str, a number; None shows as nothing), escaped
      unless marked safe (e.g. a link or a tag built with ``format_html``), or a
      mapping ``{"text": value, "classes": "csp-nowrap", "format": "numeric"}``
      with every key optional: ``classes`` are added to the cell's own and
      ``format="numeric"`` right-aligns it (GOV.UK's ``--numeric`` modifier).
    - ``first_cell_is_header``: each row's first cell is its header
      (``<th scope="row">``).
    - ``caption``: the table's caption, left out when blank; ``caption_class``
      e.g. "govuk-table__caption--m" or "govuk-visually-hidden".
    - ``classes``: extra classes on the ``<table>``.

    Raises ValueError for a cell mapping with another key or another format.
    """
    head_cells = [_table_cell(cell, header=True) for cell in head or ()]
    body = [
        [
            _table_cell(cell, header=first_cell_is_header and i == 0)
            for i, cell in enumerate(row)
        ]
        for row in rows
    ]
    return {
        "head": head_cells,
        "rows": body,
        "caption": caption,
        "caption_class": caption_class,
        "classes": classes,
    }


@register.inclusion_tag("govuk/back_link.html")
def govuk_back_link(href: str, text: str = "Back") -> dict[str, Any]:
    """A back link to ``href``."""
    return {"href": href, "text": text}


@register.inclusion_tag("govuk/notification_banner.html")
def govuk_notification_banner(
    content: Any,
    title: str = "Important",
    kind: str = "",
    title_id: str = "",
    heading: str = "",
) -> dict[str, Any]:
    """A notification banner. ``kind`` is "" (important) or "success".

    With no ``heading``, ``content`` is the banner's bold heading line (for a
    short message); with one, ``heading`` is that line and ``content`` follows
    as body text. Text is escaped unless marked safe. ``title_id`` must be
    unique on the page when it shows more than one banner. Raises ValueError
    for another kind.
    """
    if kind not in ("", "success"):
        raise ValueError(f"Unknown notification banner kind {kind!r}")
    return {
        "content": content,
        "heading": heading,
        "title": title,
        "success": kind == "success",
        "title_id": title_id or "govuk-notification-banner-title",
    }


@register.inclusion_tag("govuk/breadcrumbs.html")
def govuk_breadcrumbs(items: Iterable[Sequence[Any]]) -> dict[str, Any]:
    """Breadcrumbs from ``items`` of (text, href) pairs; an item with no href is plain text."""
    return {"items": [(text, href) for text, href in items]}


@register.filter
def govuk_time(value: dt.datetime | dt.time | None) -> str:
    """A time in GOV.UK style: "10am", "5:30pm", "midday", "midnight"; "" for None.

    An aware datetime is shown in the current time zone (Europe/London).
    """
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


@register.simple_tag
def crumbs(*parts: Any) -> list[tuple[Any, Any]]:
    """Pair up ``text, href, text, href…`` for govuk_breadcrumbs in a template.

    ``{% crumbs "Boards" board_list_url board.name "" as trail %}``. Raises
    ValueError for an odd number of arguments.
    """
    if len(parts) % 2:
        raise ValueError("crumbs takes text and href in pairs")
    return [(parts[i], parts[i + 1] or None) for i in range(0, len(parts), 2)]


@register.simple_tag
def rows(*parts: Any) -> list[tuple[Any, Any]]:
    """Pair up ``key, value, key, value…`` for govuk_summary_list in a template."""
    if len(parts) % 2:
        raise ValueError("rows takes keys and values in pairs")
    return [(parts[i], parts[i + 1]) for i in range(0, len(parts), 2)]
