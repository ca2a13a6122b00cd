"""The colours of every risk level as a stylesheet (``.level-<pk>``).

Levels are data (edited in the admin), and the portal's Content-Security-Policy refuses style
attributes, so heat maps, badges and the priority table name a class and link this sheet. The
same sheet reaches PDF packs through the pack renderer's fetcher (see ``sections.py``)."""

import hashlib
import re

from django.http import HttpResponse, HttpResponseNotModified
from django.views import View

from portal.access import PUBLIC

from ..models import RiskLevel

HEX = re.compile(r"#[0-9a-fA-F]{6}")


def levels_stylesheet() -> str:
    rules = []
    for pk, colour, text in RiskLevel.objects.order_by("pk").values_list(
        "pk", "colour", "text_colour"
    ):
        # Saved through the model these are always #rrggbb; anything else (a row written
        # around the model) is left out rather than written into a stylesheet.
        if HEX.fullmatch(colour) and HEX.fullmatch(text):
            rules.append(f".level-{pk} {{ background-color: {colour}; color: {text}; }}")
    return "\n".join(rules) + "\n"


class LevelsStylesheetView(View):
    """Open to everyone: it holds only colours. Browsers revalidate it cheaply (ETag)."""

    access_rule = PUBLIC

    def get(self, request):
        css = levels_stylesheet()
        etag = '"' + hashlib.sha256(css.encode()).hexdigest()[:32] + '"'
        if request.headers.get("If-None-Match") == etag:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(css, content_type="text/css; charset=utf-8")
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=300"
        return response
