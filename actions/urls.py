"""URLs of the action log pages."""
from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("boards/<slug:slug>/actions/", views.action_log, name="action_log"),
]
