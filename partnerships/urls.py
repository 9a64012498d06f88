"""URLs of the partnership import."""
from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("setup/import/", views.import_page, name="import"),
    path("setup/import/template.xlsx", views.import_template, name="import_template"),
    path("boards/<slug:slug>/setup/workbook.xlsx", views.board_workbook,
         name="board_workbook"),
]
