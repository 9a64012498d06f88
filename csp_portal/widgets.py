"""Form widgets that render quickly on pages served on every request."""
from __future__ import annotations

import html
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def _escape(value: Any) -> str:
    """``value`` as conditional_escape gives it: safe text as it is, else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class QuickSelect(forms.Select):
    """A ``<select>`` built in Python instead of a template per option.

    Django's Select renders each option through the form renderer's templates;
    a list of hundreds of leads then costs more than the rest of the page. The
    HTML is the same as Select's for flat choices (no option groups).
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(v) for v in self.format_value(value)}
        # Escaped as format_html would (conditional_escape), without its per-call wrappers:
        # this runs for every option of every list on the page.
        options = "".join(
            f'<option value="{_escape(key)}"{" selected" if str(key) in chosen else ""}>'
            f"{_escape(label)}</option>"
            for key, label in self._flat_choices()
        )
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe(options))

    def _flat_choices(self):
        for key, label in self.choices:
            if isinstance(label, (list, tuple)):
                raise ValueError("QuickSelect takes no option groups")
            yield ("" if key is None else getattr(key, "value", key)), label
