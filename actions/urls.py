"""URLs of the action log pages."""
from django.urls import include, path

from . import lead_views, views

app_name = "actions"

urlpatterns = [
    path("boards/<slug:slug>/actions/", views.action_log, name="action_log"),
    path(
        "boards/<slug:slug>/meetings/<int:pk>/actions/raise/",
        views.action_raise_view, name="action_raise",
    ),
    path("boards/<slug:slug>/actions/leads/", lead_views.lead_search_view, name="lead_search"),
    path("boards/<slug:slug>/actions/<int:number>/", views.action_detail, name="action_detail"),
    path(
        "boards/<slug:slug>/actions/<int:number>/update/",
        views.action_update_view, name="action_update",
    ),
    path(
        "boards/<slug:slug>/actions/<int:number>/manage/",
        views.action_manage_view, name="action_manage",
    ),
    path("my-actions/", views.my_actions_view, name="my_actions"),
    path("", include("actions.plan.urls")),
    path("", include("actions.review.urls")),
]
