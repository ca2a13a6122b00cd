"""Public pages: members."""

urlpatterns = []
