"""URLs of meeting, agenda and forward plan editing (names in the "boards" namespace)."""
urlpatterns: list = []
