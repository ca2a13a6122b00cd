"""Agenda packs: HTML templates rendered to PDF by WeasyPrint, merged with the appendices,
numbered, bookmarked and written into place atomically.

Each part (the front matter, each report) is rendered on its own and cached by the hash of its
HTML, so rebuilding after one report changes re-renders that report and the front matter (whose
page numbers may move), not the whole pack. The running header and "Page x of y" footer are a
separate one-pass overlay stamped onto every page, appendices included.
"""

import hashlib
import io
import logging
import mimetypes
import posixpath
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, TextStringObject

from portal.jobs import Lease, lease_expiry
from portal.storage import read_file, save_atomically

from .models import AgendaPack, Meeting, MeetingAction
from .pdfsafe import UnsafePdf, neutralise
from .sections import linked_stylesheets, stylesheet_at

logger = logging.getLogger(__name__)

# Pages refer to the portal's own files as /static/… and /media/…; they resolve against this
# host, which exists nowhere, and the fetcher below serves only those two folders.
BASE_URL = "https://pack.portal.invalid/"
RENDER_VERSION = "1"  # bump to invalidate every cached part after a template change


class PackError(Exception):
    """A pack could not be built; the message says why, for the meeting page."""


def _weasyprint():
    import weasyprint

    return weasyprint


def portal_fetcher():
    """WeasyPrint's URL fetcher, limited to the portal's own files (built on first use:
    importing WeasyPrint loads Pango)."""
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcherResponse

    class Fetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
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
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=portal_fetcher())
    return document.write_pdf()


# Where rendered parts are cached: a folder of the default storage, so every worker shares it.
CACHE_DIR = "pack-cache"


def cached_pdf(html: str, stats: "BuildStats | None" = None) -> bytes:
    """The PDF of ``html``, from the cache when the same HTML (and the same CSS of any
    stylesheet drawn from data that it links) was rendered before."""
    key = hashlib.sha256((RENDER_VERSION + html + linked_stylesheets(html)).encode()).hexdigest()
    name = f"{CACHE_DIR}/{key}.pdf"
    try:
        pdf = read_file(name)
    except FileNotFoundError:
        pass
    except Exception:  # a bucket that answers "forbidden" for a missing key, say: render anew
        logger.warning("Could not read the cached part %s; rendering it again", name, exc_info=True)
    else:
        if stats:
            stats.cached += 1
        return pdf
    pdf = render_pdf(html)
    if stats:
        stats.rendered += 1
    save_atomically(name, pdf)
    return pdf


def _heading_page(pdf: bytes, title: str, *, default: int) -> int:
    """The page of a heading, from the bookmarks WeasyPrint made for the document's headings."""
    reader = PdfReader(io.BytesIO(pdf))
    for entry in reader.outline:
        if not isinstance(entry, list) and entry.title == title:
            return reader.get_destination_page_number(entry)
    return default


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@dataclass
class BuildStats:
    rendered: int = 0
    cached: int = 0


@dataclass
class Section:
    """One agenda item's place in the pack: its report and appendices, and where it starts."""

    item: object
    parts: list[tuple[str, bytes]] = field(default_factory=list)  # (bookmark title, pdf)
    start: int | None = None  # 1-based page where it starts, when it has pages

    @cached_property
    def pages(self) -> int:
        """Counted once, when the parts are all in (the front matter may be laid out twice)."""
        return sum(page_count(pdf) for _, pdf in self.parts)


def pack_items(meeting: Meeting, *, restricted: bool, only=None):
    items = meeting.items.select_related("report").prefetch_related("report__appendices")
    if only is not None:
        items = items.filter(pk__in=only)
    return [item for item in items if restricted or not item.exempt]


def _context(meeting: Meeting, restricted: bool) -> dict:
    board = meeting.board
    members = list(board.memberships.current().select_related("user", "contact", "organisation"))
    return {
        "meeting": meeting,
        "board": board,
        "partnership": board.partnership,
        "members": members,
        "restricted": restricted,
        "matters_arising": list(
            MeetingAction.objects.matters_arising_for(meeting).visible(restricted=restricted)
        ),
    }


def build_pack_pdf(
    meeting: Meeting, *, restricted: bool, stats: BuildStats | None = None, supplement=None
):
    """The whole pack as PDF bytes, and its page count. A supplement (version > 1, with the
    ids of its late items) holds only those items."""
    context = _context(meeting, restricted)
    if supplement is not None:
        context["supplement"] = supplement
    only = supplement["items"] if supplement else None
    sections = []
    for item in pack_items(meeting, restricted=restricted, only=only):
        section = Section(item=item)
        report = item.report
        if report is not None and report.in_packs:
            html = render_to_string(
                "partnerships/pdf/report.html", {**context, "item": item, "report": report}
            )
            section.parts.append((f"{item.number}. {item.title}", cached_pdf(html, stats)))
            for appendix in report.appendices.all():
                # Neutralised again here, for appendices stored before uploads were.
                which = f"Appendix {appendix.letter} of item {item.number} ({appendix.title})"
                try:
                    with appendix.file.open("rb") as handle:
                        data = neutralise(handle.read()).data
                except UnsafePdf as exc:
                    if exc.code == "unreadable":
                        raise PackError(f"{which} could not be read as a PDF: {exc.cause}") from exc
                    raise PackError(f"{which} cannot go into a pack: {exc.message}") from exc
                except Exception as exc:
                    raise PackError(f"{which} could not be read as a PDF: {exc}") from exc
                section.parts.append((f"Appendix {appendix.letter}: {appendix.title}", data))
        sections.append(section)

    # The agenda lists the page each item starts on, and its own length moves them: render
    # until the front matter's length settles (once, nearly always).
    front_pages = 2
    for _ in range(4):
        page = front_pages + 1
        for section in sections:
            section.start = page if section.parts else None
            page += section.pages
        front = cached_pdf(
            render_to_string("partnerships/pdf/front.html", {**context, "sections": sections}),
            stats,
        )
        if page_count(front) == front_pages:
            break
        front_pages = page_count(front)

    writer = PdfWriter()
    writer.append(io.BytesIO(front), import_outline=False)
    writer.add_outline_item(title="Cover", page_number=0)
    agenda_page = _heading_page(front, "Agenda", default=min(1, front_pages - 1))
    writer.add_outline_item(title="Agenda", page_number=agenda_page)
    for section in sections:
        if not section.parts:
            # An item with no paper still has its bookmark: to its line on the agenda.
            writer.add_outline_item(
                title=f"{section.item.number}. {section.item.title}", page_number=agenda_page
            )
            continue
        parent = None
        for title, pdf in section.parts:
            start = len(writer.pages)
            writer.append(io.BytesIO(pdf), import_outline=False)
            if parent is None:
                parent = writer.add_outline_item(title=title, page_number=start)
            else:
                writer.add_outline_item(title=title, page_number=start, parent=parent)
    total = len(writer.pages)

    overlay = PdfReader(
        io.BytesIO(
            cached_pdf(
                render_to_string(
                    "partnerships/pdf/overlay.html", {**context, "pages": range(total)}
                ),
                stats,
            )
        )
    )
    for number, page in enumerate(writer.pages):
        stamp = overlay.pages[number]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        a4_width, a4_height = float(stamp.mediabox.width), float(stamp.mediabox.height)
        if abs(width - a4_width) < 1 and abs(height - a4_height) < 1:
            page.merge_page(stamp)
        else:  # an appendix of another size: fit the header and footer to the page
            page.merge_transformed_page(
                stamp, Transformation().scale(width / a4_width, height / a4_height)
            )
        # Merging rewrites the page's content; written uncompressed, a small appendix whose
        # pages inflate to megabytes would make a pack of that size.
        page.compress_content_streams()

    title = f"{meeting.board.name}: agenda pack, {meeting.local_start:%-d %B %Y}"
    if restricted:
        title += " (restricted)"
    writer.add_metadata(
        {"/Title": title, "/Author": meeting.board.partnership.name, "/Subject": "Agenda pack"}
    )
    writer._root_object[NameObject("/Lang")] = TextStringObject("en-GB")
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total


def pack_path(pack: AgendaPack) -> str:
    kind = "restricted" if pack.restricted else "public"
    return f"packs/{pack.meeting_id}/agenda-pack-v{pack.version}-{kind}.pdf"


def pack_build(*, pack_id: int, stats: BuildStats | None = None) -> AgendaPack:
    """Build one pack and move it into place. A failure records the error on the pack and
    leaves the previous good file where it was. Safe to run twice.

    The build holds a lease on the pack (``portal.jobs.Lease``): a pack another worker is
    building is left alone, and one whose worker died is taken at once when its lease has run
    out (``PORTAL_LEASE_SECONDS``)."""
    now = timezone.now()
    claimed = (
        AgendaPack.objects.not_being_built(now)
        .filter(pk=pack_id)
        .update(
            state=AgendaPack.State.BUILDING,
            started_at=now,
            lease_expires_at=lease_expiry(now),
            error="",
        )
    )
    pack = AgendaPack.objects.select_related("meeting", "meeting__board__partnership").get(
        pk=pack_id
    )
    if not claimed:
        return pack
    supplement = None
    if pack.version > 1:
        supplement = {
            "number": pack.version - 1,
            "items": list(pack.items.values_list("pk", flat=True)),
        }
    # This claim, and no later one: a worker whose lease ran out records nothing over its taker.
    ours = AgendaPack.objects.filter(pk=pack_id, state=AgendaPack.State.BUILDING, started_at=now)
    lease = Lease(ours).start()
    try:
        _pause_for_tests()
        pdf, pages = build_pack_pdf(
            pack.meeting, restricted=pack.restricted, stats=stats, supplement=supplement
        )
        name = pack_path(pack)
        # Only while the build is still ours (renewed now, a moment before writing): a worker
        # that stalled past its lease must not replace the file its taker has published.
        if not ours.update(lease_expires_at=lease_expiry()):
            logger.warning("%s was taken over while it was built; this build is dropped", pack)
            pack.refresh_from_db()
            return pack
        # Published whole: the old file stays until the new bytes replace it in one step.
        save_atomically(name, pdf)
    except Exception as exc:
        logger.exception("Building %s failed", pack)
        if isinstance(exc, SoftTimeLimitExceeded):
            message = "The build ran out of time. Try again; a very large appendix may be why."
        elif isinstance(exc, PackError):
            message = str(exc)
        else:
            message = f"{type(exc).__name__}: {exc}"
        ours.update(state=AgendaPack.State.FAILED, error=message)
        if isinstance(exc, SoftTimeLimitExceeded):
            raise  # stop here, recorded, rather than run on to the hard limit
        pack.refresh_from_db()
        return pack
    finally:
        lease.release()
    ours.update(
        state=AgendaPack.State.READY,
        file=name,
        page_count=pages,
        size=len(pdf),
        content_hash=hashlib.sha256(pdf).hexdigest(),
        generated_at=timezone.now(),
        error="",
    )
    pack.refresh_from_db()
    return pack


def _pause_for_tests() -> None:
    """PORTAL_TEST_PACK_BUILD_PAUSE (tests only, 0 otherwise) holds a claimed build open, so
    that a test can kill its worker mid-build."""
    if settings.PORTAL_TEST_PACK_BUILD_PAUSE:
        time.sleep(settings.PORTAL_TEST_PACK_BUILD_PAUSE)


def packs_for(meeting: Meeting, *, version: int = 1) -> list[AgendaPack]:
    """The packs a meeting needs at ``version``: public, and restricted if any item is exempt."""
    needed = [False] + ([True] if meeting.items.filter(exempt=True).exists() else [])
    packs = []
    for restricted in needed:
        pack, _ = AgendaPack.objects.get_or_create(
            meeting=meeting, version=version, restricted=restricted
        )
        packs.append(pack)
    return packs


@transaction.atomic
def packs_request(*, meeting: Meeting) -> list[AgendaPack]:
    """Queue (re)builds of the meeting's current packs."""
    version = meeting.packs.aggregate(v=Max("version"))["v"] or 1
    packs = packs_for(meeting, version=version)
    AgendaPack.objects.filter(pk__in=[p.pk for p in packs]).not_being_built().update(
        state=AgendaPack.State.QUEUED
    )
    return packs
