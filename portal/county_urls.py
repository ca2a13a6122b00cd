"""The portal's pages and, for the county benchmark only, a bare view to measure them against:
one row from the database, no template, behind the same middleware."""

from django.http import HttpResponse
from django.urls import path

from partnerships.models import Partnership

from .urls import urlpatterns as portal_urlpatterns


def bare(_request):
    row = Partnership.objects.values_list("name", flat=True).order_by("pk").first()
    return HttpResponse(row or "", content_type="text/plain")


urlpatterns = [path("county-bench/bare/", bare), *portal_urlpatterns]
