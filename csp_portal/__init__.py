"""csp-portal: the portal of a Community Safety Partnership board."""
from .celery import app as celery_app

__all__ = ("celery_app",)
