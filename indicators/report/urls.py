"""URLs of the performance dashboard and report (names in the "indicators" namespace)."""
from django.urls import path

from . import views

urlpatterns = [
    path("boards/<slug:slug>/performance/", views.dashboard, name="dashboard"),
    path(
        "boards/<slug:slug>/performance/reports/<int:report_pk>/pdf/",
        views.report_download,
        name="report_download",
    ),
    path(
        "boards/<slug:slug>/performance/reports/<int:report_pk>/pdf/request/",
        views.report_render_request,
        name="report_render_request",
    ),
    path(
        "boards/<slug:slug>/performance/reports/<int:report_pk>/executive-summary/",
        views.executive_summary_edit,
        name="executive_summary_edit",
    ),
    path(
        "boards/<slug:slug>/performance/reports/<int:report_pk>/pdf/<int:render_pk>/again/",
        views.report_render_again,
        name="report_render_again",
    ),
    path(
        "boards/<slug:slug>/performance/<str:reference>/",
        views.indicator_summary,
        name="indicator_summary",
    ),
]
