"""Public pages: minutes."""

urlpatterns = []
