"""URLs of the performance dashboard and report (names in the "indicators" namespace)."""
from django.urls import path

from . import views_report

urlpatterns = [
    path("boards/<slug:slug>/performance/", views_report.dashboard, name="dashboard"),
    path(
        "boards/<slug:slug>/performance/reports/<int:report_pk>/pdf/",
        views_report.report_download,
        name="report_download",
    ),
    path(
        "boards/<slug:slug>/performance/reports/<int:report_pk>/pdf/request/",
        views_report.report_render_request,
        name="report_render_request",
    ),
    path(
        "boards/<slug:slug>/performance/<str:reference>/",
        views_report.indicator_summary,
        name="indicator_summary",
    ),
]
