"""Template context every page gets."""
from django.conf import settings
from django.http import HttpRequest


def session_timeout(request: HttpRequest) -> dict:
    """For a signed-in user, ``session_timeout``: ``{"seconds": idle timeout, "warning": seconds
    before it that the warning opens}`` (templates/_session_timeout.html); else nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"session_timeout": {
        "seconds": settings.SESSION_COOKIE_AGE, "warning": settings.SESSION_WARNING_SECONDS,
    }}
