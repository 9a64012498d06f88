"""Server-side drafts of edit forms, keyed by user and the URL the form posts to.

Any ``<form data-draft>`` (static/csp/drafts.js) sends what is typed, a
moment after each change, to the draft endpoint (csp_portal.session_views);
opening the form again restores it, also after signing in again once the
session ended. A successful save (a POST to that URL answered with a
redirect) deletes the draft; a refused one (errors shown again, a conflict)
keeps it.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import Draft

NOT_KEPT = {"csrfmiddlewaretoken"}
"""Fields never stored in a draft."""


class DraftRefused(ValueError):
    """A draft that cannot be kept: a URL that is not a path of this site, or too large."""


def draft_url_clean(url: str) -> str:
    """``url`` as a draft's key: a path of this site with its query ("/boards/x/?a=1").

    Raises DraftRefused for anything else (another site, a scheme, too long).
    """
    url = (url or "").strip()
    if not url.startswith("/") or url.startswith("//") or "\\" in url or len(url) > 500:
        raise DraftRefused("A draft belongs to a page of this site.")
    return url


def _clean_data(data: Mapping[str, Any]) -> dict[str, list[str]]:
    clean: dict[str, list[str]] = {}
    for name, values in data.items():
        if not isinstance(name, str) or name in NOT_KEPT:
            continue
        if not isinstance(values, list):
            values = [values]
        clean[name] = [str(v) for v in values if isinstance(v, str | int | float)]
    if len(json.dumps(clean)) > settings.DRAFT_MAX_BYTES:
        raise DraftRefused(f"A draft may hold at most {settings.DRAFT_MAX_BYTES} bytes.")
    return clean


def draft_save(*, user, url: str, data: Mapping[str, Any]) -> Draft:
    """Keep ``data`` ({field name: value or list of values}) as ``user``'s draft of ``url``,
    replacing the one before. Raises DraftRefused for a bad URL or a draft over
    settings.DRAFT_MAX_BYTES (JSON)."""
    draft, _ = Draft.objects.update_or_create(
        user=user, url=draft_url_clean(url), defaults={"data": _clean_data(data)}
    )
    return draft


def draft_get(*, user, url: str) -> Draft | None:
    """``user``'s draft of ``url``, or None."""
    try:
        url = draft_url_clean(url)
    except DraftRefused:
        return None
    return Draft.objects.filter(user=user, url=url).first()


def draft_delete(*, user, url: str) -> int:
    """Remove ``user``'s draft of ``url``; returns how many were removed (0 or 1)."""
    return Draft.objects.filter(user=user, url=url).delete()[0]


def drafts_purge(*, now: dt.datetime | None = None) -> int:
    """Delete drafts not touched for settings.DRAFT_KEEP_DAYS days (typed text that was never
    saved should not be kept for ever); returns how many were deleted."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.DRAFT_KEEP_DAYS)
    return Draft.objects.filter(updated_at__lt=cutoff).delete()[0]


def draft_keep_from_post(request: HttpRequest, *, overrides: Mapping[str, Any] | None = None
                         ) -> Draft | None:
    """Keep the POST of ``request`` as its user's draft of the URL it was posted to, with
    ``overrides`` ({field name: value}) replacing posted values (e.g. a form's version after
    a conflict). None for an anonymous user or a draft refused."""
    if not request.user.is_authenticated:
        return None
    data = {name: request.POST.getlist(name) for name in request.POST}
    for name, value in (overrides or {}).items():
        data[name] = [str(value)]
    try:
        return draft_save(user=request.user, url=request.get_full_path(), data=data)
    except DraftRefused:
        return None


class DraftClearMiddleware:
    """Deletes the user's draft of a URL once a POST to it succeeds (answered by a redirect)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (request.method == "POST" and response.status_code in (301, 302, 303)
                and getattr(request, "user", None) is not None
                and request.user.is_authenticated):
            draft_delete(user=request.user, url=request.get_full_path())
        return response
