"""URLs of papers and publishing (names in the "boards" namespace)."""
from django.urls import path

from . import views

MEETING = "boards/<slug:slug>/meetings/<int:pk>/"

urlpatterns: list = [
    path("boards/<slug:slug>/pack-settings/", views.pack_settings, name="pack_settings"),
    path(MEETING + "agenda/<int:item_pk>/papers/new/", views.paper_add, name="paper_add"),
    path(MEETING + "papers/<int:paper_pk>/edit/", views.paper_edit, name="paper_edit"),
    path(MEETING + "papers/<int:paper_pk>/delete/", views.paper_delete, name="paper_delete"),
    path(MEETING + "publish/", views.meeting_publish, name="meeting_publish"),
    path(MEETING + "packs/status/", views.pack_status, name="pack_status"),
    path(MEETING + "packs/<int:render_pk>/render-again/", views.pack_render_again,
         name="pack_render_again"),
    path(MEETING + "supplements/<int:number>/publish/", views.supplement_publish,
         name="supplement_publish"),
    # One pattern per edition, so that each declares its own access rule.
    path(MEETING + "supplements/<int:number>/packs/public/",
         views.supplement_public_pack_download, name="supplement_public_pack_download"),
    path(MEETING + "supplements/<int:number>/packs/members/",
         views.supplement_members_pack_download, name="supplement_members_pack_download"),
]
