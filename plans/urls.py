"""URLs of the plan pages."""
from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("boards/<slug:slug>/plans/", views.plan_list, name="plan_list"),
    path("boards/<slug:slug>/plans/add/", views.plan_add, name="plan_add"),
    path("boards/<slug:slug>/plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("boards/<slug:slug>/plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path(
        "boards/<slug:slug>/plans/<int:pk>/versions/add/",
        views.plan_version_add, name="plan_version_add",
    ),
    path(
        "boards/<slug:slug>/plans/<int:pk>/priorities/add/",
        views.priority_add, name="priority_add",
    ),
    path(
        "boards/<slug:slug>/plans/<int:pk>/priorities/<int:priority_pk>/edit/",
        views.priority_edit, name="priority_edit",
    ),
]
