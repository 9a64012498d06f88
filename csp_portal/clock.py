""""Today" for deadlines, overdue actions and reminders: the real local date, or the demo's.

``settings.DEMO_TODAY`` (a ``datetime.date`` or None, from the DEMO_TODAY environment
variable, e.g. 2018-03-20) lets the demo run "as at" a day of the real board's year,
so that its deadlines, overdue actions and reminders behave as they did then. Access
rules (current memberships) and record timestamps keep the real date.
"""
import datetime as dt

from django.conf import settings
from django.utils import timezone


def demo_today() -> dt.date | None:
    """The demo's date (settings.DEMO_TODAY), or None when the portal runs on the real date."""
    return getattr(settings, "DEMO_TODAY", None)


def today() -> dt.date:
    """The demo's date when one is set, else today in Europe/London (timezone.localdate)."""
    return demo_today() or timezone.localdate()


def now() -> dt.datetime:
    """An aware datetime: the current local time of day on ``today()``."""
    current = timezone.localtime()
    demo = demo_today()
    if demo is None:
        return current
    return current.replace(year=demo.year, month=demo.month, day=demo.day)
