"""The Celery application.

With no CELERY_BROKER_URL in the environment, settings make every task run
eagerly in-process (see csp_portal.settings); with one, a worker started as
``celery -A csp_portal worker`` consumes the queue.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_portal.settings")

app = Celery("csp_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
