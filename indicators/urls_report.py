"""URLs of the performance dashboard and report (names in the "indicators" namespace)."""
urlpatterns: list = []
