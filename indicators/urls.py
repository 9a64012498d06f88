"""URLs of indicators, returns, imports and the performance report."""
from django.urls import include, path

app_name = "indicators"

urlpatterns = [
    path("", include("indicators.urls_returns")),
    path("", include("indicators.urls_import")),
    path("", include("indicators.urls_report")),
]
