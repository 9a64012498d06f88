"""URLs of the clerk's set-up pages (names in the "boards" namespace)."""
from django.urls import path

from . import views

urlpatterns = [
    path("setup/", views.setup_home, name="setup_home"),
    path("setup/people/", views.person_list, name="setup_person_list"),
    path("setup/people/add/", views.person_add, name="setup_person_add"),
    path("setup/people/<int:pk>/", views.person_edit, name="setup_person_edit"),
    path("setup/organisations/", views.organisation_list, name="setup_organisation_list"),
    path("setup/organisations/add/", views.organisation_add, name="setup_organisation_add"),
    path("setup/organisations/<int:pk>/", views.organisation_edit,
         name="setup_organisation_edit"),
    path("setup/board-kinds/", views.board_kinds, name="setup_board_kinds"),
    path("setup/boards/add/", views.board_add_top, name="setup_board_add_top"),
    path("boards/<slug:slug>/setup/", views.board_setup, name="setup_board"),
    path("boards/<slug:slug>/setup/edit/", views.board_edit, name="setup_board_edit"),
    path("boards/<slug:slug>/setup/boards/add/", views.board_add_below,
         name="setup_board_add_below"),
    path("boards/<slug:slug>/setup/members/add/", views.membership_add,
         name="setup_membership_add"),
    path("boards/<slug:slug>/setup/members/<int:pk>/", views.membership_edit,
         name="setup_membership_edit"),
    path("boards/<slug:slug>/setup/members/<int:pk>/end/", views.membership_end,
         name="setup_membership_end"),
]
