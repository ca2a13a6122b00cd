"""Public pages: site."""

urlpatterns = []
