"""Public pages: alerts."""

urlpatterns = []
