"""Measure agenda pack builds: ``python manage.py bench_packs``.

Builds a pack of about 200 pages from generated reports inside a transaction that is rolled
back, with a fresh part cache, and prints in one run: the full build, WeasyPrint's own time
for the same HTML in one pass, the rebuild after one report is edited, pages per second and
peak memory.
"""

import datetime
import io
import resource
import shutil
import tempfile
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from partnerships.models import AgendaItem, Board, Meeting, Partnership, Report
from partnerships.packs import BuildStats, build_pack_pdf, render_pdf

PARAGRAPH = (
    "Partners agreed to align their commissioning with the refreshed strategy, to pool "
    "resources where outcomes are shared, and to report progress to the board each quarter. "
    "The area boards will reflect local needs into the thematic partnerships. "
)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time agenda pack builds on a generated 200-page pack; everything is rolled back."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=20, help="reports in the pack")
        parser.add_argument("--paragraphs", type=int, default=40, help="background paragraphs each")

    def handle(self, *args, reports, paragraphs, **options):
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
                self.run(reports, paragraphs)
                raise Rollback
        except Rollback:
            pass
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        self.stdout.write("All benchmark data rolled back.")

    def run(self, reports: int, paragraphs: int) -> None:
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

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        stats = BuildStats()
        pdf, pages = build_pack_pdf(meeting, restricted=False, stats=stats)
        full = time.perf_counter() - t
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        # WeasyPrint alone, the same content as one HTML document in one pass.
        html = "".join(
            render_to_string(
                "partnerships/pdf/report.html",
                {"meeting": meeting, "board": board, "item": item, "report": item.report},
            )
            for item in meeting.items.select_related("report")
        )
        t = time.perf_counter()
        one_pass = render_pdf(html)
        weasy = time.perf_counter() - t

        report = Report.objects.get(title="Benchmark report 7")
        report.summary = "<p>An edited summary.</p>"
        report.save()
        t = time.perf_counter()
        edit_stats = BuildStats()
        build_pack_pdf(meeting, restricted=False, stats=edit_stats)
        rebuild = time.perf_counter() - t

        one_pass_pages = len(PdfReader(io.BytesIO(one_pass)).pages)
        self.stdout.write(f"Pack: {pages} pages, {len(pdf) / 1024:,.0f} KiB, {reports} reports")
        self.stdout.write(
            f"  full build (cold cache)        {full:7.2f} s   "
            f"{pages / full:6.1f} pages/s   parts rendered {stats.rendered}"
        )
        self.stdout.write(
            f"  WeasyPrint alone, one pass     {weasy:7.2f} s   "
            f"{one_pass_pages / weasy:6.1f} pages/s   ({one_pass_pages} pages)"
        )
        self.stdout.write(
            f"  rebuild after one report edit  {rebuild:7.2f} s   "
            f"{pages / rebuild:6.1f} pages/s   parts rendered {edit_stats.rendered}, "
            f"from cache {edit_stats.cached}"
        )
        self.stdout.write(
            f"  peak process memory (RSS)      {rss_after / 1024:7.0f} MiB   "
            f"(grew {max(rss_after - rss_before, 0) / 1024:,.0f} MiB during the full build)"
        )
        self.stdout.write(f"  (cache in {settings.MEDIA_ROOT}, removed afterwards)")
