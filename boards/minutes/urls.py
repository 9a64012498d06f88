"""URLs of recording and confirming minutes (names in the "boards" namespace)."""
from django.urls import path

from . import item_views, views

urlpatterns = [
    path(
        "boards/<slug:slug>/meetings/<int:pk>/record/",
        views.minutes_record,
        name="minutes_record",
    ),
    path(
        "boards/<slug:slug>/meetings/<int:pk>/record/items/<int:item_pk>/",
        item_views.minutes_record_item,
        name="minutes_record_item",
    ),
    path(
        "boards/<slug:slug>/meetings/<int:pk>/minutes/",
        views.minutes_detail,
        name="minutes_detail",
    ),
    path(
        "boards/<slug:slug>/meetings/<int:pk>/minutes/confirm/",
        views.minutes_confirm,
        name="minutes_confirm",
    ),
]
