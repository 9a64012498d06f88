"""URLs of the board, meeting, paper and pack pages."""
from django.urls import include, path

from . import calendar, views

app_name = "boards"

urlpatterns = [
    path("", views.board_list, name="board_list"),
    path("boards/<slug:slug>/", views.board_detail, name="board_detail"),
    path(
        "boards/<slug:slug>/meetings.ics", calendar.meetings_calendar, name="meetings_calendar"
    ),
    path("boards/<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path(
        "boards/<slug:slug>/meetings/<int:pk>/papers/<int:paper_pk>/",
        views.paper_detail,
        name="paper_detail",
    ),
    path(
        "boards/<slug:slug>/meetings/<int:pk>/papers/<int:paper_pk>/versions/<int:number>/",
        views.paper_version_detail,
        name="paper_version_detail",
    ),
    # One pattern per edition, so that each declares its own access rule.
    path(
        "boards/<slug:slug>/meetings/<int:pk>/packs/public/",
        views.public_pack_download,
        name="public_pack_download",
    ),
    path(
        "boards/<slug:slug>/meetings/<int:pk>/packs/members/",
        views.members_pack_download,
        name="members_pack_download",
    ),
    path("", include("boards.minutes.urls")),
    path("", include("boards.agenda.urls")),
    path("", include("boards.publishing.urls")),
    path("", include("boards.setup.urls")),
]
