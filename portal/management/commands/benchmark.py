"""Measure the portal's speed and memory on a large register, and print the figures.

Everything it creates is rolled back at the end, so it is safe on any database:
``python manage.py benchmark --rows 10000``. Tests never assert on time; this does the timing.
"""

import datetime
import statistics
import time
import tracemalloc

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerships.models import (
    Board,
    Contact,
    Contribution,
    Membership,
    Organisation,
    Partnership,
    User,
    ValueForMoneyReview,
    financial_year,
)
from portal.county import login as county_login
from portal.exports import csv_export
from portal.extensions import AREA_APPS, app_modules
from portal.models import Job
from portal.roles import Role


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the main pages and jobs on a large register; everything is rolled back."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000, help="organisations to create")
        parser.add_argument(
            "--partnerships", type=int, default=2_000, help="partnerships to create"
        )
        parser.add_argument("--repeat", type=int, default=5, help="requests per page measured")
        parser.add_argument(
            "--county",
            action="store_true",
            help="instead: a county's register (1,000 partnerships, 50,000 awards …) in a "
            "database of its own, each page against its admin changelist, at 1× and --scale×, "
            "and gunicorn's throughput (PostgreSQL only)",
        )
        parser.add_argument("--scale", type=int, default=10, help="the county's larger size")
        parser.add_argument(
            "--seconds", type=float, default=10, help="length of each throughput run"
        )
        parser.add_argument(
            "--keep", action="store_true", help="keep the county's database, to look into it"
        )

    def handle(self, *args, rows, partnerships, repeat, county, scale, seconds, keep, **options):
        if county:
            from portal import county as county_bench

            with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, DEBUG=False):
                county_bench.set_admin_page_size()
                county_bench.run(
                    self.stdout, repeat=repeat, scale=scale, seconds=seconds, keep=keep
                )
            return
        vendor = connection.vendor
        self.stdout.write(
            f"Benchmark on {vendor}: {rows:,} organisations, {partnerships:,} partnerships, "
            f"{repeat} runs each"
        )
        try:
            with (
                transaction.atomic(),
                override_settings(
                    ALLOWED_HOSTS=["*"],
                    SECURE_SSL_REDIRECT=False,
                    DEBUG=False,
                    # Pages render the same with or without collectstatic having been run.
                    STORAGES={
                        **settings.STORAGES,
                        "staticfiles": {
                            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
                        },
                    },
                ),
            ):
                self.run(rows, partnerships, repeat)
                raise Rollback
        except Rollback:
            pass
        self.stdout.write("All benchmark data rolled back.")

    def run(self, rows: int, partnerships: int, repeat: int) -> None:
        started = time.perf_counter()
        kinds = list(Organisation.Kind.values)
        sectors = list(Organisation.Sector.values)
        Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Benchmark organisation {n:06d}",
                    sector=sectors[n % len(sectors)],
                    kind=kinds[n % len(kinds)],
                    charity_number=f"{1_000_000 + n}" if n % 3 == 0 else "",
                    address=f"{n} High Street, Crewe",
                    active=n % 10 != 0,
                )
                for n in range(rows)
            ],
            batch_size=2000,
        )
        self.report("create rows (bulk)", [time.perf_counter() - started])

        officer = User.objects.create(username="benchmark-officer", name="Benchmark Officer")
        officer.groups.add(Group.objects.get_or_create(name=Role.OFFICER)[0])
        client = Client()
        county_login(client, officer)
        started = time.perf_counter()
        detail_url = self.make_partnerships(partnerships, officer)
        self.report("create partnerships (bulk)", [time.perf_counter() - started])

        pages = {
            "organisation list, page 1": (reverse("partnerships:organisation_list"), {}),
            "organisation list, last page": (
                reverse("partnerships:organisation_list"),
                {"page": "last"},
            ),
            "organisation list, filtered + search": (
                reverse("partnerships:organisation_list"),
                {"sector": "vcfs", "q": "High Street", "active": "true"},
            ),
            "home page (dashboard)": (reverse("dashboard"), {}),
            "partnership register, page 1": (reverse("partnerships:partnership_list"), {}),
            "partnership register, flagged only": (
                reverse("partnerships:partnership_list"),
                {"needs_risk_assessment": "true", "review_overdue": "true"},
            ),
            "structure chart (every partnership)": (reverse("partnerships:structure"), {}),
            "partnership page (50 boards, 500 members)": (detail_url, {}),
        }
        self.time_pages(client, pages, repeat)

        # Timed once as it runs, then again under tracemalloc (which slows Python down) for
        # its peak memory.
        for measure_memory in (False, True):
            job = Job.objects.create(
                task_name=csv_export.name,
                title="Benchmark export",
                created_by=officer,
                params={"export": "organisations", "filters": {}},
            )
            if measure_memory:
                tracemalloc.start()
            t = time.perf_counter()
            csv_export.apply(args=[str(job.pk)])
            elapsed = time.perf_counter() - t
            job.refresh_from_db()
            if measure_memory:
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                self.report("CSV export job, peak memory", [elapsed], peak=peak)
            else:
                size = job.file.size if job.file else 0
                self.report(f"CSV export job ({job.message})", [elapsed], size=size)
            if job.file:
                job.file.delete(save=False)

        # The area apps, then the public site, the search box and the API, which read them all.
        for module in app_modules("benchmarks", [*AREA_APPS, "partnerships", "search", "api"]):
            module.run(self, client, officer, repeat)

    def time_pages(self, client, pages: dict, repeat: int) -> None:
        """Each page ``repeat`` times: median and max time, queries and size of the last."""
        for label, (url, query) in pages.items():
            timings = []
            for _ in range(repeat):
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    t = time.perf_counter()
                    response = client.get(url, query)
                    timings.append(time.perf_counter() - t)
                assert response.status_code == 200, (label, response.status_code)
            self.report(label, timings, queries=len(queries), size=len(response.content))

    def make_partnerships(self, count: int, officer) -> str:
        """A Leaders Board over thematic boards over town partnerships, each with a board,
        contributions this year and, for a third, a review; one partnership with 50 boards."""
        today = timezone.localdate()
        year = financial_year(today)
        top = Partnership.objects.create(name="Benchmark Leaders Board", kind="leaders_board")
        themes = Partnership.objects.bulk_create(
            Partnership(name=f"Benchmark thematic {n:03d}", kind="thematic", accountable_to=top)
            for n in range(20)
        )
        rows = Partnership.objects.bulk_create(
            (
                Partnership(
                    name=f"Benchmark town {n:05d}",
                    kind="town",
                    accountable_to=themes[n % len(themes)],
                    lead_officer=officer,
                    start_date=today - datetime.timedelta(days=400 + n % 300),
                )
                for n in range(count)
            ),
            batch_size=1000,
        )
        org = Organisation.objects.order_by("pk").first()
        Contribution.objects.bulk_create(
            (
                Contribution(
                    partnership=p, financial_year=year, organisation=org, cash=1000 * (n % 60)
                )
                for n, p in enumerate(rows)
            ),
            batch_size=1000,
        )
        ValueForMoneyReview.objects.bulk_create(
            (
                ValueForMoneyReview(
                    partnership=p,
                    reviewed_on=today - datetime.timedelta(days=200),
                    next_review_due=today + datetime.timedelta(days=165),
                    outcome="continue",
                    findings="Benchmark",
                )
                for p in rows[::3]
            ),
            batch_size=1000,
        )
        big = rows[0]
        boards = Board.objects.bulk_create(
            Board(partnership=big, name=f"Benchmark board {n:02d}") for n in range(50)
        )
        contacts = Contact.objects.bulk_create(Contact(name=f"Member {n}") for n in range(500))
        Membership.objects.bulk_create(
            Membership(board=boards[n % 50], contact=contact, organisation=org)
            for n, contact in enumerate(contacts)
        )
        return big.get_absolute_url()

    def report(self, label, timings, queries=None, size=None, peak=None):
        median = statistics.median(timings) * 1000
        parts = [f"median {median:8.1f} ms"]
        if len(timings) > 1:
            parts.append(f"max {max(timings) * 1000:8.1f} ms")
        if queries is not None:
            parts.append(f"{queries} queries")
        if size is not None:
            parts.append(f"{size / 1024:,.0f} KiB")
        if peak is not None:
            parts.append(f"peak Python memory {peak / 1024 / 1024:,.1f} MiB")
        self.stdout.write(f"  {label:<45} " + ", ".join(parts))
