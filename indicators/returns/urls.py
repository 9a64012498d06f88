"""URLs of the return grid, approvals and history (names in the "indicators" namespace)."""
from django.urls import path

from . import views

urlpatterns: list = [
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
        "boards/<slug:slug>/returns/approvals/selected/", views.return_approve_selected,
        name="return_approve_selected",
    ),
    path(
        "boards/<slug:slug>/returns/<int:pk>/approve/", views.return_approve,
        name="return_approve",
    ),
    path(
        "boards/<slug:slug>/returns/<int:pk>/send-back/", views.return_send_back,
        name="return_send_back",
    ),
]
