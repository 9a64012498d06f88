"""URLs of indicators and returns (names in the "indicators" namespace)."""
urlpatterns: list = []
