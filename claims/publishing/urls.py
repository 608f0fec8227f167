"""Public verdict pages and feeds (no sign-in)."""

urlpatterns: list = []
