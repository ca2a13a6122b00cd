"""Agenda packs: HTML templates rendered to PDF by WeasyPrint, merged with the appendices,
numbered, bookmarked and written into place atomically.

Each part (the front matter, each report) is rendered on its own and cached by the hash of its
HTML, so rebuilding after one report changes re-renders that report and the front matter (whose
page numbers may move), not the whole pack. The parts are tagged (PDF/UA-1); ``pdfpack``
assembles them into one tagged pack and draws the running header and "Page x of y" footer on
every page, appendices included.
"""

import hashlib
import logging
import time
from dataclasses import dataclass, field
from functools import cached_property

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from portal.jobs import Lease, lease_expiry
from portal.pdf import (  # noqa: F401  (resolve_portal_file and BASE_URL: callers read them here)
    _DRAWN_LINK,
    BASE_URL,
    linked_stylesheets,
    render_pdf,
    resolve_portal_file,
)
from portal.services import record_update
from portal.storage import read_file, save_atomically

from .agenda import public_agenda
from .models import AgendaPack, Meeting, MeetingAction, Membership
from .pdfpack import Bookmark, Header, Part, assemble, heading_page, page_count
from .pdfsafe import UnsafePdf, neutralise

logger = logging.getLogger(__name__)

RENDER_VERSION = "2"  # bump to invalidate every cached part after a template change


class PackError(Exception):
    """A pack could not be built; the message says why, for the meeting page."""


# Where rendered parts are cached: a folder of the default storage, so every worker shares it.
CACHE_DIR = "pack-cache"


def cached_pdf(html: str, stats: "BuildStats | None" = None) -> bytes:
    """The PDF of ``html``, from the cache when the same HTML (and the same CSS of any
    stylesheet drawn from data that it links) was rendered before."""
    # Only a stylesheet outside /static/ can be drawn from data; most parts link none.
    drawn = linked_stylesheets(html) if _DRAWN_LINK.search(html) else ""
    key = hashlib.sha256((RENDER_VERSION + html + drawn).encode()).hexdigest()
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


def _remembered_pages(name: str, *, default: int) -> int:
    try:
        return max(int(read_file(name)), 1)
    except Exception:  # not built before (or unreadable): the usual length
        return default


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

    @property
    def end(self) -> int | None:
        return self.start + self.pages - 1 if self.start else None

    @cached_property
    def part_pages(self) -> list[tuple[str, int]]:
        """Each part's length in pages, in order (the report, then its appendices)."""
        return [(title, page_count(pdf)) for title, pdf in self.parts]

    @property
    def appendices(self) -> list[dict]:
        """The appendices' titles and page ranges, for the agenda."""
        if not self.start:
            return []
        rows, page = [], self.start
        for number, (title, pages) in enumerate(self.part_pages):
            if number:
                rows.append({"title": title, "start": page, "end": page + pages - 1})
            page += pages
        return rows


# The agenda is laid out apart from the pages it lists, so its links to them name a page
# number under this address; the assembly turns them into links within the pack.
PAGE_LINK = BASE_URL + "pack-page/"


def pack_items(meeting: Meeting, *, restricted: bool, only=None):
    items = meeting.items.select_related("report").prefetch_related("report__appendices")
    if only is not None:
        items = items.filter(pk__in=only)
    return [item for item in items if restricted or not item.exempt]


ROLE_ORDER = [value for value, _ in Membership.Role.choices]


def _context(meeting: Meeting, restricted: bool) -> dict:
    from .minutes import previous_held_meeting

    board = meeting.board
    members = sorted(
        board.memberships.current().select_related("user", "contact", "organisation"),
        key=lambda m: (ROLE_ORDER.index(m.role), m.person_name),
    )
    others = Meeting.objects.filter(board=board).exclude(pk=meeting.pk)
    logo = settings.PORTAL_COUNCIL_LOGO
    exempt_rows = []
    if not restricted:
        items = list(meeting.items.all())
        if any(item.exempt for item in items):
            exempt_rows = [
                row for row in public_agenda(meeting, items) if row.exclusion or row.exempt
            ]
    return {
        "meeting": meeting,
        "board": board,
        "partnership": board.partnership,
        "members": members,
        "voting_members": sum(1 for m in members if m.voting),
        "restricted": restricted,
        "matters_arising": list(
            MeetingAction.objects.matters_arising_for(meeting).visible(restricted=restricted)
        ),
        "council_name": settings.PORTAL_COUNCIL_NAME,
        "council_logo": f"/static/{logo}" if logo and finders.find(logo) else "",
        # The last meeting held before this one: a cancelled meeting is never "previous".
        "previous_meeting": previous_held_meeting(meeting),
        "next_meeting": others.filter(start__gt=meeting.start)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start")
        .first(),
        "has_exempt": bool(exempt_rows) or meeting.items.filter(exempt=True).exists(),
        # The public pack leaves exempt papers out, but its agenda still lists the exempt
        # items (number, neutral title, paragraph) after the exclusion of the press and public.
        "exempt_rows": exempt_rows,
        "page_link": PAGE_LINK,
    }


def _failure_reason(exc: Exception) -> str:
    """Why a report could not be rendered, for the officer on the meeting page."""
    if isinstance(exc, RecursionError):
        return (
            "Its content is nested too deeply to lay out (tables or lists inside one another "
            "many levels deep). Open the report and save it again: saving flattens what is "
            "nested too deeply."
        )
    detail = str(exc).strip()[:300]
    named = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"It could not be laid out as PDF ({named})."


def _report_pdf(context: dict, item, report, stats, failures: list) -> bytes:
    """One report's pages. A report that cannot be rendered fails alone: a page saying that
    the paper could not be included stands in its place, and ``failures`` records which and
    why, so that the rest of the pack still builds."""
    html = render_to_string(
        "partnerships/pdf/report.html", {**context, "item": item, "report": report}
    )
    try:
        return cached_pdf(html, stats)
    except SoftTimeLimitExceeded:
        raise
    except Exception as exc:  # whatever the content did to the layout, it stays this item's
        logger.exception("Item %s of %s could not be rendered", item.number, item.meeting_id)
        failures.append(
            {
                "item": item.pk,
                "number": item.number,
                "title": item.title,
                "reason": _failure_reason(exc),
            }
        )
    html = render_to_string(
        "partnerships/pdf/report.html",
        {**context, "item": item, "report": report, "not_included": True},
    )
    return cached_pdf(html, stats)


def _appendix_pdf(item, appendix) -> bytes:
    """An appendix's PDF, neutralised again here for appendices stored before uploads were;
    a PackError naming it if it cannot go into a pack."""
    which = f"Appendix {appendix.letter} of item {item.number} ({appendix.title})"
    try:
        with appendix.file.open("rb") as handle:
            return neutralise(handle.read()).data
    except UnsafePdf as exc:
        if exc.code == "unreadable":
            raise PackError(f"{which} could not be read as a PDF: {exc.cause}") from exc
        raise PackError(f"{which} cannot go into a pack: {exc.message}") from exc
    except Exception as exc:
        raise PackError(f"{which} could not be read as a PDF: {exc}") from exc


def build_pack_pdf(
    meeting: Meeting,
    *,
    restricted: bool,
    stats: BuildStats | None = None,
    supplement=None,
    failures: list | None = None,
):
    """The whole pack as PDF bytes, and its page count. A supplement (version > 1, with the
    ids of its late items) holds only those items. A report that cannot be rendered is
    replaced by a page saying so and appended to ``failures``."""
    failures = [] if failures is None else failures
    context = _context(meeting, restricted)
    if supplement is not None:
        context["supplement"] = supplement
    only = supplement["items"] if supplement else None
    sections = []
    for item in pack_items(meeting, restricted=restricted, only=only):
        section = Section(item=item)
        report = item.report
        if report is not None and report.in_packs:
            section.parts.append(
                (
                    f"{item.number}. {item.title}",
                    _report_pdf(context, item, report, stats, failures),
                )
            )
            for appendix in report.appendices.all():
                section.parts.append(
                    (f"Appendix {appendix.letter}: {appendix.title}", _appendix_pdf(item, appendix))
                )
        sections.append(section)

    # The agenda lists the page each item starts on, and its own length moves them: render
    # until the front matter's length settles, starting from its length last time (so that
    # it is laid out once, nearly always).
    version = supplement["number"] if supplement else 0
    remembered = f"{CACHE_DIR}/front-pages-{meeting.pk}-{int(restricted)}-{version}"
    front_pages = _remembered_pages(remembered, default=2)
    guess = front_pages
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
    if front_pages != guess:
        save_atomically(remembered, str(front_pages).encode())

    agenda_page = heading_page(front, "Agenda", default=min(1, front_pages - 1))
    parts = [Part(pdf=front, title="Cover and agenda")]
    bookmarks = [Bookmark("Cover", 0), Bookmark("Agenda", agenda_page)]
    page = front_pages
    for section in sections:
        heading = f"{section.item.number}. {section.item.title}"
        if not section.parts:
            # An item with no paper still has its bookmark: to its line on the agenda.
            bookmarks.append(Bookmark(heading, agenda_page))
            continue
        parent = None
        for (title, pdf), (_, pages) in zip(section.parts, section.part_pages, strict=True):
            alt = (
                f"{title}, item {section.item.number}. This appendix was supplied as a PDF "
                "without tags, so its text cannot be read out here: ask the contact officer "
                "for an accessible copy."
            )
            parts.append(Part(pdf=pdf, title=title, section=heading, untagged_alt=alt))
            if parent is None:
                parent = Bookmark(title, page)
                bookmarks.append(parent)
            else:
                parent.children.append(Bookmark(title, page))
            page += pages

    kind = f"supplementary pack {supplement['number']}" if supplement else "agenda pack"
    title = f"{meeting.board.name}: {kind}, {meeting.local_start:%-d %B %Y}"
    if restricted:
        title += " (restricted)"
    pdf = assemble(
        parts,
        bookmarks=bookmarks,
        title=title,
        author=meeting.board.partnership.name,
        subject=kind.capitalize(),
        header=Header(
            left=meeting.board.name,
            right=f"{meeting.local_start:%-d %B %Y}",
            restricted=restricted,
        ),
        page_link=PAGE_LINK,
        link_pages=front_pages,
    )
    return pdf, page


def pack_path(pack: AgendaPack) -> str:
    kind = "restricted" if pack.restricted else "public"
    return f"packs/{pack.meeting_id}/agenda-pack-v{pack.version}-{kind}.pdf"


def pack_build(
    *, pack_id: int, stats: BuildStats | None = None, by=None, reason: str = ""
) -> AgendaPack:
    """Build one pack and move it into place. A failure records the error on the pack and
    leaves the previous good file where it was. Safe to run twice. The pack's history names
    ``by`` (who asked for it) or ``reason`` (the task that built it).

    The build holds a lease on the pack (``portal.jobs.Lease``): a pack another worker is
    building is left alone, and one whose worker died is taken at once when its lease has run
    out (``PORTAL_LEASE_SECONDS``)."""
    now = timezone.now()
    claimed = (
        AgendaPack.objects.not_being_built(now)
        # A published pack is what the public and members were sent: it is never rebuilt
        # (late papers go out as a supplement).
        .filter(pk=pack_id, published_at__isnull=True)
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
            "lateness_reason": pack.lateness_reason,
        }
    # This claim, and no later one: a worker whose lease ran out records nothing over its taker.
    ours = AgendaPack.objects.filter(pk=pack_id, state=AgendaPack.State.BUILDING, started_at=now)
    lease = Lease(ours).start()
    try:
        _pause_for_tests()
        failures = []  # reports that could not be rendered: the rest of the pack builds
        pdf, pages = build_pack_pdf(
            pack.meeting,
            restricted=pack.restricted,
            stats=stats,
            supplement=supplement,
            failures=failures,
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
        if ours.update(state=AgendaPack.State.FAILED, error=message):
            record_update(AgendaPack, [pack_id], by=by, reason=reason or "Pack build")
        if isinstance(exc, SoftTimeLimitExceeded):
            raise  # stop here, recorded, rather than run on to the hard limit
        pack.refresh_from_db()
        return pack
    finally:
        lease.release()
    built = ours.update(
        state=AgendaPack.State.READY,
        file=name,
        page_count=pages,
        size=len(pdf),
        content_hash=hashlib.sha256(pdf).hexdigest(),
        generated_at=timezone.now(),
        error="",
        failed_items=failures,
    )
    if built:
        record_update(AgendaPack, [pack_id], by=by, reason=reason or "Pack build")
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
    if any(p.published_at for p in packs):
        raise PackError(
            "These papers are published, so their pack is not built again: publish late "
            "papers as a supplement."
        )
    AgendaPack.objects.filter(pk__in=[p.pk for p in packs]).not_being_built().update(
        state=AgendaPack.State.QUEUED
    )
    return packs
