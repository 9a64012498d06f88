"""Template context every page gets."""
from django.conf import settings
from django.http import HttpRequest

from . import clock


def session_timeout(request: HttpRequest) -> dict:
    """For a signed-in user, ``session_timeout``: ``{"seconds": idle timeout, "warning": seconds
    before it that the warning opens}`` (templates/_session_timeout.html); else nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"session_timeout": {
        "seconds": settings.SESSION_COOKIE_AGE, "warning": settings.SESSION_WARNING_SECONDS,
    }}


def demo_clock(request: HttpRequest) -> dict:
    """``demo_today``: the demo clock's date (csp_portal.clock), or None on the real date."""
    return {"demo_today": clock.demo_today()}
