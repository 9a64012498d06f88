"""URLs of the email preferences and unsubscribe pages."""
from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("account/emails/", views.preferences, name="preferences"),
    path("emails/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
