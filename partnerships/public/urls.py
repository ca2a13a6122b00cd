"""The public site's addresses, under /democracy/ (namespace ``public``). Each subject keeps
its own patterns in its module."""

from . import alerts, members, minutes, site

app_name = "public"

urlpatterns = site.urlpatterns + minutes.urlpatterns + alerts.urlpatterns + members.urlpatterns
