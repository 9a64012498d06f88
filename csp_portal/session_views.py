"""Endpoints that page scripts call: keep a draft of a form, and "stay signed in".

Both answer JSON; an anonymous caller gets 401 (boards.access.login_required_json_view),
which tells static/csp/session_timeout.js and drafts.js that the session has ended.
"""
from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from boards.access import login_required_json_view

from .drafts import DraftRefused, draft_delete, draft_get, draft_save, draft_url_clean


def _session_seconds() -> int:
    return settings.SESSION_COOKIE_AGE


@login_required_json_view
@require_POST
def session_extend(request: HttpRequest) -> JsonResponse:
    """"Stay signed in": the request itself renews the session (SESSION_SAVE_EVERY_REQUEST);
    answers ``{"signed_in": true, "expires_in": seconds}``."""
    request.session["last_extended"] = timezone.now().isoformat()
    return JsonResponse({"signed_in": True, "expires_in": _session_seconds()})


@login_required_json_view
@require_http_methods(["GET", "POST", "DELETE"])
def draft(request: HttpRequest) -> JsonResponse:
    """The signed-in user's draft of the form posting to ``?url=<path>``.

    GET → ``{"draft": {"data": {name: [values]}, "updated_at": iso} | null}``;
    POST a JSON body ``{"data": {name: [values]}}`` → keeps it; DELETE → removes it.
    400 ``{"error": ...}`` for a URL of another site, a body that is not JSON, or a
    draft over settings.DRAFT_MAX_BYTES. Each answer carries ``expires_in`` (seconds
    left of the session, which this request renewed).
    """
    url = request.GET.get("url", "")
    try:
        url = draft_url_clean(url)
        if request.method == "GET":
            found = draft_get(user=request.user, url=url)
            body = {"draft": None if found is None else {
                "data": found.data, "updated_at": found.updated_at.isoformat()}}
        elif request.method == "DELETE":
            body = {"deleted": draft_delete(user=request.user, url=url)}
        else:
            if len(request.body) > settings.DRAFT_MAX_BYTES + 1024:
                raise DraftRefused(f"A draft may hold at most {settings.DRAFT_MAX_BYTES} bytes.")
            try:
                payload = json.loads(request.body or b"{}")
            except ValueError as exc:
                raise DraftRefused("The draft could not be read.") from exc
            data = payload.get("data") if isinstance(payload, dict) else None
            if not isinstance(data, dict):
                raise DraftRefused("The draft could not be read.")
            saved = draft_save(user=request.user, url=url, data=data)
            body = {"saved": True, "updated_at": saved.updated_at.isoformat()}
    except DraftRefused as exc:
        return JsonResponse({"error": str(exc), "expires_in": _session_seconds()}, status=400)
    return JsonResponse({**body, "expires_in": _session_seconds()})
