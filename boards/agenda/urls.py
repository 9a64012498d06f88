"""URLs of meeting, agenda and forward plan editing (names in the "boards" namespace)."""
from django.urls import path

from . import standard_views, views

_MEETING = "boards/<slug:slug>/meetings/<int:pk>/agenda/"
_PLAN = "boards/<slug:slug>/forward-plan/"

urlpatterns = [
    path("boards/<slug:slug>/meetings/new/", views.meeting_create, name="meeting_create"),
    path(_MEETING, views.agenda_edit, name="agenda_edit"),
    path(f"{_MEETING}add/", views.agenda_item_add, name="agenda_item_add"),
    path(f"{_MEETING}<int:item_pk>/", views.agenda_item_edit, name="agenda_item_edit"),
    path(f"{_MEETING}<int:item_pk>/move/", views.agenda_item_move, name="agenda_item_move"),
    path(f"{_MEETING}<int:item_pk>/delete/", views.agenda_item_delete,
         name="agenda_item_delete"),
    path(f"{_MEETING}from-forward-plan/", standard_views.agenda_pull_forward_plan,
         name="agenda_pull_forward_plan"),
    path("boards/<slug:slug>/standard-agenda/", standard_views.standard_agenda_edit,
         name="standard_agenda"),
    path(_PLAN, views.forward_plan, name="forward_plan"),
    path(f"{_PLAN}add/", views.forward_plan_item_add, name="forward_plan_item_add"),
    path(f"{_PLAN}<int:item_pk>/", views.forward_plan_item_edit, name="forward_plan_item_edit"),
    path(f"{_PLAN}<int:item_pk>/delete/", views.forward_plan_item_delete,
         name="forward_plan_item_delete"),
]
