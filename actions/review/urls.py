"""URLs of the chair's review of the action log (names in the "actions" namespace)."""
from django.urls import path

from . import views

urlpatterns = [
    path(
        "boards/<slug:slug>/actions/<int:number>/complete/",
        views.action_completion_request_view, name="action_completion_request",
    ),
]
