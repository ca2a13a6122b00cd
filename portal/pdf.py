"""HTML to tagged PDF (PDF/UA-1) with WeasyPrint, for every document the portal prints: agenda
packs, minutes, handbooks, reports.

Pages refer to the portal's own files as /static/… and /media/…, and to stylesheets drawn from
data (the colours of risk levels, say) by their URL; WeasyPrint's fetcher here serves only those,
so a document can fetch nothing from elsewhere.
"""

import hashlib
import mimetypes
import posixpath
import re
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.urls import reverse

from .storage import read_file

# Pages refer to the portal's own files as /static/… and /media/…; they resolve against this
# host, which exists nowhere, and the fetcher below serves only those two folders.
BASE_URL = "https://pack.portal.invalid/"

# Stylesheets drawn from data (the colours of risk levels, say), by URL name: browsers fetch
# them from that URL (the CSP allows no style attributes) and the PDF renderer is handed the
# same CSS for the same address, so a section's HTML is one for both.
STYLESHEETS: dict[str, Callable[[], str]] = {}


def register_stylesheet(url_name: str, render: Callable[[], str]) -> None:
    STYLESHEETS[url_name] = render


def stylesheet_at(path: str) -> str | None:
    """The CSS of the registered stylesheet served at ``path``, or None."""
    for url_name, render in STYLESHEETS.items():
        if reverse(url_name) == path:
            return render()
    return None


def linked_stylesheets(html: str) -> str:
    """The CSS of the registered stylesheets that ``html`` links, so that a cache of rendered
    HTML can tell when their data (a level's colour) has changed."""
    found = [reverse(url_name) for url_name in STYLESHEETS]
    return "".join(stylesheet_at(path) or "" for path in found if f'href="{path}"' in html)


def _weasyprint():
    import weasyprint

    return weasyprint


def portal_fetcher():
    """WeasyPrint's URL fetcher, limited to the portal's own files (built on first use:
    importing WeasyPrint loads Pango)."""
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcherResponse

    class Fetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):  # noqa: ARG002  (WeasyPrint's signature)
            return URLFetcherResponse(url, **resolve_portal_file(url))

    return Fetcher()


def resolve_portal_file(url: str) -> dict:
    """The bytes of one of the portal's own static or media files, or of a stylesheet an app
    draws from data; anything else (another scheme, another host, a path outside those) is
    refused."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if parts.scheme != base.scheme or parts.netloc != base.netloc:
        raise ValueError(f"Packs fetch only the portal's own files, not {url}")
    path = unquote(parts.path)
    body = None
    if path.startswith("/static/"):
        found = finders.find(path.removeprefix("/static/"))
        if found and Path(found).is_file():
            body = Path(found).read_bytes()
    elif path.startswith("/media/"):
        # Media files are read through the storage (the media folder or the bucket), by a
        # name that may not climb out of it.
        name = posixpath.normpath(path.removeprefix("/media/"))
        if name not in (".", "..") and not name.startswith(("../", "/")):
            try:
                body = read_file(name)
            except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation):
                body = None
    else:
        # A stylesheet drawn from data (level colours): the CSS the browser gets at that URL.
        css = stylesheet_at(path)
        body = css.encode() if css is not None else None
    if body is None:
        raise ValueError(f"No such portal file: {path}")
    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return {"body": body, "headers": {"Content-Type": mime}}


def render_pdf(html: str) -> bytes:
    """``html`` as a tagged PDF (PDF/UA-1): structure tree, language, the title shown in the
    title bar, XMP metadata and bookmarks, so a screen reader can follow it."""
    weasyprint = _weasyprint()
    shared = _shared()
    html, stylesheets = _parsed_stylesheets(html, shared)
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=portal_fetcher())
    return document.write_pdf(
        pdf_variant="pdf/ua-1",
        stylesheets=stylesheets,
        font_config=shared.font_config,
        cache=shared.images,
    )


# What every render shares, rather than each building its own: the fonts (fontconfig and
# Pango's font map), decoded images and the parsed stylesheets. A pack is some twenty
# documents, and building these afresh cost each one about 20 ms. One set per thread:
# Pango's font map is not to be shared between threads.
_LINK = re.compile(r"""<link\s+rel="stylesheet"\s+href="(/[^"]*)"\s*/?>""")
_DRAWN_LINK = re.compile(r"""<link\s+rel="stylesheet"\s+href="/(?!static/)""")
_local = threading.local()


def _shared():
    if not hasattr(_local, "font_config"):
        from weasyprint.text.fonts import FontConfiguration

        _local.font_config = FontConfiguration()
        _local.images = {}
        _local.stylesheets = {}
    return _local


def _parsed_stylesheets(html: str, shared) -> tuple[str, list]:
    """``html`` without its links to the portal's own stylesheets, and those stylesheets,
    parsed once for each content. They apply in the same order and, being the only CSS of
    these templates, cascade the same as user stylesheets. A link that does not resolve is
    left for WeasyPrint to report."""
    weasyprint = _weasyprint()
    sheets = []

    def take(match):
        url = BASE_URL.rstrip("/") + match[1]
        try:
            css = resolve_portal_file(url)["body"]
        except ValueError:
            return match[0]
        key = (url, hashlib.sha256(css).hexdigest())
        if key not in shared.stylesheets:
            if len(shared.stylesheets) > 64:  # stylesheets drawn from data change
                shared.stylesheets.clear()
            shared.stylesheets[key] = weasyprint.CSS(
                string=css.decode(),
                base_url=url,
                url_fetcher=portal_fetcher(),
                font_config=shared.font_config,
            )
        sheets.append(shared.stylesheets[key])
        return ""

    return _LINK.sub(take, html), sheets
