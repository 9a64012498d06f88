"""URLs of subgroup update reports."""
app_name = "subgroups"

urlpatterns: list = []
