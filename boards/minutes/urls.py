"""URLs of recording and confirming minutes (names in the "boards" namespace)."""
urlpatterns: list = []
