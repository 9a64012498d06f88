"""What subgroup reports announce to the apps above, once the change is committed.

Subgroups cannot import the apps that act on a request (apps import downward only), so
the service sends this signal from ``transaction.on_commit`` with primary keys; a
receiver queues its own Celery task and does nothing else (notifications emails the
subgroups' chairs).
"""
from django.dispatch import Signal

reports_requested = Signal()
"""Sent with ``report_ids`` (list of int) after reports are requested and committed."""
