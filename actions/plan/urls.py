"""URLs of the plan action pages (names in the "actions" namespace)."""
from django.urls import path

from . import views

urlpatterns = [
    path("boards/<slug:slug>/actions/add/", views.action_plan_add, name="action_plan_add"),
    path(
        "boards/<slug:slug>/actions/<int:number>/edit/",
        views.action_plan_edit, name="action_plan_edit",
    ),
]
