"""URLs of indicators, returns, imports and the performance report, one module per sub-domain."""
from django.urls import include, path

app_name = "indicators"

urlpatterns = [
    path("", include("indicators.definitions.urls")),
    path("", include("indicators.returns.urls")),
    path("", include("indicators.imports.urls")),
    path("", include("indicators.report.urls")),
]
