"""URLs of importing returns (names in the "indicators" namespace)."""
from django.urls import path

from . import views

urlpatterns: list = [
    path(
        "boards/<slug:slug>/returns/import/",
        views.import_returns,
        name="import_returns",
    ),
    path(
        "boards/<slug:slug>/returns/import/template.<str:fmt>/",
        views.import_template,
        name="import_template",
    ),
]
