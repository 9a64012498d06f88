"""URLs of indicators and returns (names in the "indicators" namespace)."""
from django.urls import path

from . import views_returns as views

urlpatterns: list = [
    path("boards/<slug:slug>/indicators/", views.indicator_list, name="indicator_list"),
    path("boards/<slug:slug>/indicators/new/", views.indicator_create, name="indicator_create"),
    path(
        "boards/<slug:slug>/indicators/<str:reference>/edit/",
        views.indicator_edit, name="indicator_edit",
    ),
    path(
        "boards/<slug:slug>/indicators/<str:reference>/returns/<int:year>/",
        views.return_grid, name="return_grid",
    ),
    path(
        "boards/<slug:slug>/indicators/<str:reference>/returns/<int:year>/rag-override/",
        views.return_override_rag, name="return_override_rag",
    ),
    path(
        "boards/<slug:slug>/indicators/<str:reference>/history/",
        views.return_history, name="return_history",
    ),
    path("boards/<slug:slug>/returns/approvals/", views.return_approvals, name="return_approvals"),
    path(
        "boards/<slug:slug>/returns/<int:pk>/approve/", views.return_approve,
        name="return_approve",
    ),
    path(
        "boards/<slug:slug>/returns/<int:pk>/send-back/", views.return_send_back,
        name="return_send_back",
    ),
]
