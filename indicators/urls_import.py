"""URLs of importing returns (names in the "indicators" namespace)."""
urlpatterns: list = []
