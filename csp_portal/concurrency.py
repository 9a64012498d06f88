"""Concurrent edits: every edit form carries the version it was read at.

The rule (README "Security and reliability", issue 9 "Lost work"): two people
saving the same record never silently overwrite each other. A model that can
be edited through a form inherits ``Versioned`` (an integer ``version``
starting at 1). Its edit form carries that number in a hidden ``version``
field (``VersionField``). The service that writes the record calls
``version_claim`` first, inside its transaction: a conditional
``UPDATE ... SET version = version + 1 WHERE pk = %s AND version = %s``. When
no row matched, someone else saved in between and ``EditConflict`` is raised,
so nothing is written. The view then answers with ``conflict_response``: the
GOV.UK conflict page showing the saved version beside what the user typed,
which is kept as their draft (csp_portal.drafts) so that nothing is lost.

On PostgreSQL the UPDATE takes the row lock, so a second save with the same
version waits for the first to commit and then matches no row; on SQLite
writers are serialised (IMMEDIATE transactions, settings.DATABASES).

A new edit page uses it in four steps (boards/agenda/views.py agenda_item_edit
is a short example):

1. the model inherits ``Versioned`` (and gets a migration);
2. the form inherits ``VersionedFormMixin`` and is shown with
   ``version=obj.version`` (rendering ``{{ form.version }}``, or ``"version"`` in a
   crispy layout); a record that may not exist yet sends 0 (``VersionField``);
3. the service takes ``version: int | None = None`` and calls
   ``version_claim(obj=..., expected_version=version)`` first in its transaction;
4. the view catches ``EditConflict`` before ``ValidationError`` and returns
   ``conflict_response(request, title=..., rows=form_conflict_rows(form, saved),
   versions={"version": conflict.current_version}, back_url=...)``.

Marking the ``<form>`` with ``data-draft`` keeps what is typed as a draft
(csp_portal.drafts, static/csp/drafts.js).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFLICT_MESSAGE = (
    "Someone else saved a change to this while you were editing it. "
    "Nothing you typed has been saved yet."
)
STALE_FORM_MESSAGE = "This page is out of date. Open it again to see what is saved now."


class Versioned(models.Model):
    """Abstract base: ``version`` (1 when created) goes up by one with every save.

    Only services change it, through ``version_claim``; never set it by hand.
    """

    version = models.PositiveIntegerField(
        default=1, editable=False,
        help_text="Goes up by one with every save; edit forms send back the one they read.",
    )

    class Meta:
        abstract = True


class EditConflict(ValidationError):
    """Someone saved ``obj`` after the editor read it at ``expected_version``.

    ``current_version`` is the version saved now (0 when the record no longer
    exists). A ValidationError, so a view that does not handle it still shows
    CONFLICT_MESSAGE as a form error instead of failing.
    """

    def __init__(self, *, obj: models.Model | None, expected_version: int,
                 current_version: int, message: str = CONFLICT_MESSAGE):
        super().__init__(message, code="edit_conflict")
        self.obj = obj
        self.expected_version = expected_version
        self.current_version = current_version


def version_claim(*, obj: models.Model, expected_version: int | None) -> int:
    """Move ``obj``'s version from ``expected_version`` to the next, or raise EditConflict.

    Call it first inside the writing transaction, before anything else is
    written. ``expected_version`` None (a write not made through an edit form,
    e.g. an import) bumps the version whatever it is, so that forms opened
    before it see the change. Sets and returns ``obj.version``. Raises
    EditConflict when the stored version differs or the row is gone.
    """
    manager = type(obj)._default_manager
    rows = manager.filter(pk=obj.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1):
        current = manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise EditConflict(obj=obj, expected_version=expected_version or 0,
                           current_version=current or 0)
    obj.version = manager.filter(pk=obj.pk).values_list("version", flat=True).get()
    return obj.version


def version_check_absent(*, expected_version: int | None, exists: bool,
                         obj: models.Model | None = None, current_version: int = 0) -> None:
    """For a record that an edit may create (e.g. an item's first minute): version 0 means
    the editor saw none. Raises EditConflict when the editor saw none and one exists now,
    or saw one (version >= 1) and it is gone."""
    if expected_version is None:
        return
    if (expected_version == 0) == exists:
        raise EditConflict(obj=obj, expected_version=expected_version,
                           current_version=current_version)


def values_digest(values: Iterable[Any]) -> str:
    """A short fingerprint of the values an editor read, so that a save writes only what the
    editor changed. Blank and None are alike; a Decimal counts by value (120 = 120.00); text
    by its content (line endings and outer spaces aside)."""
    def norm(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return str(value).replace("\r\n", "\n").strip()

    joined = "\0".join(norm(value) for value in values)
    return hashlib.sha256(joined.encode()).hexdigest()[:24]


class ReadDigestField(forms.CharField):
    """The hidden field holding the values_digest of what a form showed."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class VersionField(forms.IntegerField):
    """The hidden field holding the version a form was read at (0: the record did not exist).

    Every page the portal serves fills it in. A POST without it (a script written before
    versions existed) gives None, which the services take as "not checked".
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("error_messages", {
            "required": STALE_FORM_MESSAGE, "invalid": STALE_FORM_MESSAGE,
            "min_value": STALE_FORM_MESSAGE,
        })
        super().__init__(**kwargs)


class VersionedFormMixin:
    """Adds ``version`` (VersionField) to a form editing a saved record. Pass
    ``version=obj.version`` when showing it; a bound form reads it from the POST
    (``cleaned_data["version"]``). ``versioned=False`` (a form creating a record) leaves
    the field out."""

    def __init__(self, *args: Any, version: int | None = None, versioned: bool = True,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        if versioned:
            self.fields["version"] = VersionField()
            if version is not None:
                self.initial["version"] = version

    @property
    def read_version(self) -> int | None:
        """The version the editor read (valid forms only); None for an unversioned form."""
        return self.cleaned_data.get("version") if "version" in self.fields else None


@dataclass(frozen=True)
class ConflictRow:
    """One field on the conflict page: its label, the saved value and what the user typed."""

    label: str
    theirs: str
    yours: str

    @property
    def differs(self) -> bool:
        return (self.theirs or "").strip() != (self.yours or "").strip()


def conflict_rows(labels: Mapping[str, str], theirs: Mapping[str, Any],
                  yours: Mapping[str, Any]) -> list[ConflictRow]:
    """ConflictRows for the fields named in ``labels`` ({name: label}), in that order;
    values shown as text (None as blank)."""
    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return [ConflictRow(label, text(theirs.get(name)), text(yours.get(name)))
            for name, label in labels.items()]


def form_conflict_rows(form: forms.Form, saved: models.Model,
                       names: Iterable[str] | None = None) -> list[ConflictRow]:
    """ConflictRows of a valid ``form`` against the ``saved`` record: for each visible field
    (or each of ``names``) its label, the saved value and the value typed."""
    names = list(names) if names is not None else [
        name for name, field in form.fields.items() if not field.widget.is_hidden
    ]
    labels = {name: str(form.fields[name].label or name) for name in names}
    theirs = {name: _shown(form.fields[name], getattr(saved, name, "")) for name in names}
    yours = {name: _shown(form.fields[name], form.cleaned_data.get(name)) for name in names}
    return conflict_rows(labels, theirs, yours)


def _shown(field: forms.Field, value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    choices = dict(getattr(field, "choices", None) or [])
    if choices and value not in (None, "") and value in choices:
        return str(choices[value])
    return "" if value is None else str(value)


def conflict_response(
    request: HttpRequest,
    *,
    title: str,
    rows: Iterable[ConflictRow],
    back_url: str,
    versions: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The GOV.UK conflict page (409): every field with the saved version beside what the
    user typed. What they typed is kept as their draft of the page (csp_portal.drafts),
    with ``versions`` ({version field's name in the POST: the version saved now}), so that
    "Edit again" opens the form with their text over the saved version: a second save is
    then a deliberate choice, made having seen both.

    ``title`` names the record ("the minute of item 3"); ``back_url`` is the edit page.
    """
    from .drafts import draft_keep_from_post

    draft_keep_from_post(request, overrides=versions)
    rows = list(rows)
    context = {
        "title": title, "rows": rows, "back_url": back_url, "message": CONFLICT_MESSAGE,
        "changed": [row for row in rows if row.differs],
    }
    return render(request, "conflict.html", context, status=409)
