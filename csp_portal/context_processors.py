"""Template context every page needs."""
from django.http import HttpRequest

from . import clock


def demo_clock(request: HttpRequest) -> dict:
    """``demo_today``: the demo clock's date (csp_portal.clock), or None on the real date."""
    return {"demo_today": clock.demo_today()}
