"""What publishing announces to the apps above boards, once the change is committed.

Boards cannot import the apps that act on a publication (apps import downward
only), so the publishing services send these signals from ``transaction.on_commit``
with the primary key; a receiver queues its own Celery task and does nothing else
(e.g. notifications emails the members).
"""
from django.dispatch import Signal

agenda_published = Signal()
"""Sent with ``meeting_id`` (int) after a meeting's agenda is published and committed."""

supplement_published = Signal()
"""Sent with ``supplement_id`` (int) after a supplementary agenda is published and committed."""
