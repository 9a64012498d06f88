"""URLs of papers and publishing (names in the "boards" namespace)."""
urlpatterns: list = []
