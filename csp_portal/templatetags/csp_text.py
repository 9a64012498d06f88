"""Render the portal's plain-text convention as safe HTML.

Convention (used by minutes, paper sections, subgroup reports, commentary):
a blank line separates blocks; a block whose lines all start with "- " (or
"• ") is a bulleted list; a block of text lines followed by bullet lines is a
paragraph and its list; anything else is a paragraph, single newlines kept as
line breaks. Text is escaped first, so no markup in the data reaches the page.
"""
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_BULLET = re.compile(r"^\s*[-•]\s+")


def text_to_html(text: str | None) -> SafeString:
    """Convert plain text (see module docstring) to HTML; '' for empty input."""
    if not text:
        return mark_safe("")
    out: list[str] = []
    blocks = re.split(r"\n\s*\n", text.strip().replace("\r\n", "\n"))
    for block in blocks:
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if lines and all(_BULLET.match(ln) for ln in lines):
            items = "".join(f"<li>{escape(_BULLET.sub('', ln).strip())}</li>" for ln in lines)
            out.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
        elif lines and _BULLET.match(lines[-1]) and not _BULLET.match(lines[0]):
            head = [ln for ln in lines if not _BULLET.match(ln)]
            bullets = [ln for ln in lines if _BULLET.match(ln)]
            out.append(f'<p class="govuk-body">{"<br>".join(escape(h.strip()) for h in head)}</p>')
            items = "".join(f"<li>{escape(_BULLET.sub('', ln).strip())}</li>" for ln in bullets)
            out.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
        else:
            body = "<br>".join(escape(ln.strip()) for ln in lines)
            out.append(f'<p class="govuk-body">{body}</p>')
    return mark_safe("\n".join(out))


@register.filter(name="paragraphs")
def paragraphs(text: str | None) -> SafeString:
    """Template filter: ``{{ minute.text|paragraphs }}``."""
    return text_to_html(text)
