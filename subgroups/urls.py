"""URLs of subgroup update reports.

The clerk's pages are under the meeting of the board that asks; a subgroup's
officers' pages are under the subgroup itself (the URL's ``slug``), since
SUBMIT_REPORT is checked on the subgroup.
"""
from django.urls import path

from . import views

app_name = "subgroups"

urlpatterns = [
    path(
        "boards/<slug:slug>/meetings/<int:pk>/subgroup-reports/",
        views.report_requests,
        name="report_requests",
    ),
    path(
        "boards/<slug:slug>/meetings/<int:pk>/subgroup-reports/<int:report_pk>/verbal/",
        views.report_mark_verbal,
        name="report_mark_verbal",
    ),
    path("boards/<slug:slug>/update-reports/", views.report_list, name="report_list"),
    path(
        "boards/<slug:slug>/update-reports/<int:report_pk>/",
        views.report_edit,
        name="report_edit",
    ),
]
