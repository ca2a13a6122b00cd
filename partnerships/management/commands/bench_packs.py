"""Measure agenda pack builds: ``python manage.py bench_packs``.

Builds a pack of about 200 pages from generated reports inside a transaction that is rolled
back, with a fresh part cache, and prints in one run: the full build; WeasyPrint's own time
for the same content (the front matter and every report, with the running header and page
numbers) as one document; their ratio; the rebuild after an edit that keeps the page count
and after one that adds pages, each checked for its page numbers and bookmarks; and peak
memory.

Times are the process's CPU time (``time.process_time``), which other work on a shared
machine disturbs far less than the wall clock; WeasyPrint and the assembly run in this one
thread, so for an idle machine the two agree.
"""

import datetime
import io
import re
import resource
import shutil
import tempfile
import time
from pathlib import Path
from unittest import mock

import pikepdf
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from partnerships import packs
from partnerships.models import AgendaItem, Board, Meeting, Partnership, Report
from partnerships.packs import BuildStats, build_pack_pdf, render_pdf

PARAGRAPH = (
    "Partners agreed to align their commissioning with the refreshed strategy, to pool "
    "resources where outcomes are shared, and to report progress to the board each quarter. "
    "The area boards will reflect local needs into the thematic partnerships. "
)
# The header and footer the pack draws, as margin boxes of one WeasyPrint document.
RUNNING = """<style>
@page {{
  @top-left {{ content: "{board}"; font: 8.5pt "DejaVu Sans", sans-serif; color: #333; }}
  @top-right {{ content: "{date}"; font: 8.5pt "DejaVu Sans", sans-serif; color: #333; }}
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages);
    font: 8.5pt "DejaVu Sans", sans-serif; color: #333; }}
}}
</style>"""
PAGE_BREAK = '<div style="break-before: page"></div>'
WARM_UP = (
    '<html lang="en-GB"><head><title>Warm-up</title>'
    '<link rel="stylesheet" href="/static/css/pack.css"></head><body><p>Warm-up</p></body></html>'
)
STYLESHEETS = '<link rel="stylesheet" href="/static/css/sections.css">'


def body_of(html: str) -> str:
    return re.search(r"<body[^>]*>(.*)</body>", html, re.DOTALL)[1]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time agenda pack builds on a generated 200-page pack; everything is rolled back."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=20, help="reports in the pack")
        parser.add_argument("--paragraphs", type=int, default=40, help="background paragraphs each")
        parser.add_argument(
            "--repeat",
            type=int,
            default=2,
            help="time the full build and WeasyPrint's run this many times and keep the best "
            "(the machine may be busy with other work)",
        )

    def handle(self, *args, reports, paragraphs, repeat, **options):
        cache = tempfile.mkdtemp(prefix="bench-packs-")
        try:
            # A fresh cache on the local disk, even where packs are kept in a bucket.
            local = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
            with (
                override_settings(
                    MEDIA_ROOT=cache, STORAGES={**settings.STORAGES, "default": local}
                ),
                transaction.atomic(),
            ):
                self.run(reports, paragraphs, max(repeat, 1))
                raise Rollback
        except Rollback:
            pass
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        self.stdout.write("All benchmark data rolled back.")

    def run(self, reports: int, paragraphs: int, repeat: int) -> None:
        partnership = Partnership.objects.create(name="Benchmark partnership", kind="thematic")
        board = Board.objects.create(partnership=partnership, name="Benchmark board")
        meeting = Meeting.objects.create(
            board=board,
            start=timezone.now() + datetime.timedelta(days=10),
            venue="Benchmark venue",
        )
        background = "".join(f"<p>{n + 1}. {PARAGRAPH * 3}</p>" for n in range(paragraphs))
        for n in range(reports):
            report = Report.objects.create(
                title=f"Benchmark report {n + 1}",
                author="Benchmark author",
                status="cleared",
                finance_signoff="F",
                legal_signoff="L",
                summary=f"<p>{PARAGRAPH}</p>",
                recommendations="Agree the plan\nNote the risks\nReceive an update",
                background=background,
                legal=f"<p>{PARAGRAPH}</p>",
                financial=f"<p>{PARAGRAPH}</p>",
            )
            AgendaItem.objects.create(
                meeting=meeting, number=n + 1, title=f"Benchmark item {n + 1}", report=report
            )

        # A worker renders many packs: time a warm one, not the import of WeasyPrint and
        # Pango's first look at the fonts, which the one-document run would be spared.
        render_pdf(WARM_UP)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        full = weasy = float("inf")
        for _ in range(repeat):
            # The full build from a cold cache, recording the HTML of each part it renders.
            shutil.rmtree(Path(settings.MEDIA_ROOT) / packs.CACHE_DIR, ignore_errors=True)
            rendered = []

            def recording(html, rendered=rendered):
                rendered.append(html)
                return render_pdf(html)

            stats = BuildStats()
            with mock.patch.object(packs, "render_pdf", recording):
                t = time.process_time()
                pdf, pages = build_pack_pdf(meeting, restricted=False, stats=stats)
                full = min(full, time.process_time() - t)
            self.verify(pdf, pages, meeting, "full build")

            # WeasyPrint alone: the same front matter and reports as one document, with the
            # running header and page numbers, tagged the same way.
            one_html = self.one_document(meeting, rendered)
            t = time.process_time()
            one_pass = render_pdf(one_html)
            weasy = min(weasy, time.process_time() - t)
        one_pass_pages = len(PdfReader(io.BytesIO(one_pass)).pages)

        # An edit that keeps the page count: one report's summary, reworded.
        report = Report.objects.get(title="Benchmark report 7")
        report.summary = f"<p>{PARAGRAPH.replace('quarter', 'month')}</p>"
        report.save()
        same_stats = BuildStats()
        t = time.process_time()
        pdf_same, pages_same = build_pack_pdf(meeting, restricted=False, stats=same_stats)
        rebuild_same = time.process_time() - t
        self.verify(pdf_same, pages_same, meeting, "rebuild (same pages)")

        # An edit that adds pages: a report early in the pack grows, so every later page
        # number, the agenda's page column and the bookmarks move.
        report = Report.objects.get(title="Benchmark report 3")
        report.background += "".join(f"<p>Added {n}. {PARAGRAPH * 3}</p>" for n in range(12))
        report.save()
        more_stats = BuildStats()
        t = time.process_time()
        pdf_more, pages_more = build_pack_pdf(meeting, restricted=False, stats=more_stats)
        rebuild_more = time.process_time() - t
        self.verify(pdf_more, pages_more, meeting, "rebuild (more pages)")
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        out = self.stdout.write
        out(f"Pack: {pages} pages, {len(pdf) / 1024:,.0f} KiB, {reports} reports")
        out(
            f"  full build (cold cache)          {full:7.2f} s   "
            f"{pages / full:6.1f} pages/s   parts rendered {stats.rendered}"
        )
        out(
            f"  WeasyPrint alone, one document   {weasy:7.2f} s   "
            f"{one_pass_pages / weasy:6.1f} pages/s   ({one_pass_pages} pages)"
        )
        out(f"  full build ÷ WeasyPrint alone    {full / weasy:7.2f} ×   (target ≤ 1.10)")
        out(f"  (CPU seconds; the full build and WeasyPrint's run are each the best of {repeat})")
        out(
            f"  rebuild, edit keeps the pages    {rebuild_same:7.2f} s   "
            f"{100 * rebuild_same / full:5.1f} % of full   {pages_same} pages, parts rendered "
            f"{same_stats.rendered}, from cache {same_stats.cached}"
        )
        out(
            f"  rebuild, edit adds pages         {rebuild_more:7.2f} s   "
            f"{100 * rebuild_more / full:5.1f} % of full   {pages_more} pages, parts rendered "
            f"{more_stats.rendered}, from cache {more_stats.cached}"
        )
        out("  page numbers and bookmarks       checked after each build")
        out(
            f"  peak process memory (RSS)        {rss_after / 1024:7.0f} MiB   "
            f"(grew {max(rss_after - rss_before, 0) / 1024:,.0f} MiB during the builds)"
        )
        out(f"  (cache in {settings.MEDIA_ROOT}, removed afterwards)")

    def one_document(self, meeting: Meeting, rendered: list[str]) -> str:
        """The front matter the build rendered and every report, as one HTML document."""
        context = packs._context(meeting, False)
        bodies = [
            render_to_string(
                "partnerships/pdf/report.html", {**context, "item": item, "report": item.report}
            )
            for item in packs.pack_items(meeting, restricted=False)
        ]
        front = [html for html in rendered if html not in bodies][-1]
        running = RUNNING.format(board=meeting.board.name, date=f"{meeting.local_start:%-d %B %Y}")
        html = front.replace("</head>", running + STYLESHEETS + "</head>", 1)
        pages = "".join(PAGE_BREAK + body_of(body) for body in bodies)
        return html.replace("</body>", pages + "</body>", 1)

    def verify(self, pdf: bytes, pages: int, meeting: Meeting, what: str) -> None:
        """Every item's bookmark is the page its report starts on, and that page and the
        last carry the right "Page x of y"."""
        reader = PdfReader(io.BytesIO(pdf))
        if len(reader.pages) != pages:
            raise CommandError(f"{what}: {len(reader.pages)} pages, reported {pages}")
        last = reader.pages[-1].extract_text()
        if f"Page {pages} of {pages}" not in last:
            raise CommandError(f"{what}: the last page does not say Page {pages} of {pages}")
        with pikepdf.open(io.BytesIO(pdf)) as pack, pack.open_outline() as outline:
            index = {page.obj.objgen: n for n, page in enumerate(pack.pages)}
            marks = {}
            for item in outline.root:
                dest = item.destination or (item.action or {}).get("/D")
                marks[item.title] = index[dest[0].objgen]
        for item in meeting.items.select_related("report"):
            page = marks.get(f"{item.number}. {item.title}")
            if page is None:
                raise CommandError(f"{what}: no bookmark for item {item.number}")
            text = reader.pages[page].extract_text()
            if item.report.title not in text or f"Page {page + 1} of {pages}" not in text:
                raise CommandError(f"{what}: item {item.number}'s bookmark is not its first page")
