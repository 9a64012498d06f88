"""URLs of indicator definitions (names in the "indicators" namespace)."""
from django.urls import path

from . import views

urlpatterns: list = [
    path("boards/<slug:slug>/indicators/", views.indicator_list, name="indicator_list"),
    path("boards/<slug:slug>/indicators/new/", views.indicator_create, name="indicator_create"),
    path(
        "boards/<slug:slug>/indicators/<str:reference>/edit/",
        views.indicator_edit, name="indicator_edit",
    ),
]
