"""``manage.py benchmark --county``: the portal at a county's scale, against the Django admin.

It makes a database of its own beside the configured one (``<name>_county``, PostgreSQL only),
fills it with a county's register in bulk (1,000 partnerships, 2,000 organisations, 20,000
memberships, 5,000 meetings, 50,000 awards, 75,000 payments and 20,000 tasks), times each main
page against the admin changelist of the same model with the same filters and page size (runs
interleaved, the ratio taken pair by pair), adds nine times as much again and times everything
once more, then serves the register and a bare one-row view from gunicorn with two workers and
compares their throughput, with and without persistent connections. The database is dropped
at the end. Tests never assert on time; this does the timing.
"""

import datetime
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, connections, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from .roles import Role

# The county's register at 1×; ``scale`` multiplies every figure.
BASE = {
    "partnerships": 1_000,
    "organisations": 2_000,
    "memberships": 20_000,
    "meetings": 5_000,
    "awards": 50_000,
    "payments": 75_000,
    "tasks": 20_000,
}
AWARDS_PER_FUND = 1_000
TASKS_PER_PROGRAMME = 200
BATCH = 5_000


@dataclass
class Timing:
    label: str
    median_ms: float
    queries: int
    size: int
    admin_ms: float | None = None
    admin_queries: int | None = None
    ratios: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        return statistics.median(self.ratios) if self.ratios else None


class County:
    """Builds the register in steps of 1× (each step adds the same again), and names the pages
    to time with their admin counterparts."""

    def __init__(self, out):
        self.out = out
        self.steps = 0
        self.top = None
        self.themes: list = []

    # --- data ----------------------------------------------------------------------------

    def setup(self):
        from partnerships.models import Organisation, Partnership, User

        self.officer = User.objects.create(username="county-officer", name="County Officer")
        self.officer.groups.add(Group.objects.get_or_create(name=Role.OFFICER)[0])
        self.admin = User.objects.create(
            username="county-admin", name="County Admin", is_staff=True, is_superuser=True
        )
        self.admin.groups.add(Group.objects.get_or_create(name=Role.ADMINISTRATOR)[0])
        self.funder = Organisation.objects.create(
            name="County Council", sector="public", kind="local_authority"
        )
        self.top = Partnership.objects.create(name="County Leaders Board", kind="leaders_board")
        self.themes = Partnership.objects.bulk_create(
            Partnership(name=f"County thematic {n:03d}", kind="thematic", accountable_to=self.top)
            for n in range(20)
        )

    def add_step(self) -> float:
        """Adds one more 1× of everything; returns the seconds it took."""
        from grants.models import Award, Fund, Payment
        from partnerships.models import (
            Board,
            Contact,
            Meeting,
            Membership,
            Organisation,
            Partnership,
        )
        from workprogramme.models import Task, WorkProgramme
        from workprogramme.seed import default_matrix

        started = time.perf_counter()
        step = self.steps
        self.steps += 1
        n = BASE
        kinds = [k for k in Organisation.Kind.values if k != "local_authority"]
        sectors = [s for s in Organisation.Sector.values if s != "public"]
        orgs = Organisation.objects.bulk_create(
            (
                Organisation(
                    name=f"County organisation {step:02d}-{i:05d}",
                    sector=sectors[i % len(sectors)],
                    kind=kinds[i % len(kinds)],
                    address=f"{i} Market Street, Chester",
                    active=i % 10 != 0,
                )
                for i in range(n["organisations"])
            ),
            batch_size=BATCH,
        )
        today = timezone.localdate()
        partnerships = Partnership.objects.bulk_create(
            (
                Partnership(
                    name=f"County partnership {step:02d}-{i:05d}",
                    kind="town",
                    accountable_to=self.themes[i % len(self.themes)],
                    lead_officer=self.officer if i % 4 == 0 else None,
                    start_date=today - datetime.timedelta(days=400 + i % 300),
                )
                for i in range(n["partnerships"])
            ),
            batch_size=BATCH,
        )
        boards = Board.objects.bulk_create(
            (Board(partnership=p, name=f"{p.name} board") for p in partnerships), batch_size=BATCH
        )
        contacts = Contact.objects.bulk_create(
            (Contact(name=f"Member {step:02d}-{i:06d}") for i in range(n["memberships"])),
            batch_size=BATCH,
        )
        Membership.objects.bulk_create(
            (
                Membership(
                    board=boards[i % len(boards)], contact=c, organisation=orgs[i % len(orgs)]
                )
                for i, c in enumerate(contacts)
            ),
            batch_size=BATCH,
        )
        first = timezone.now() - datetime.timedelta(days=900)
        Meeting.objects.bulk_create(
            (
                Meeting(
                    board=boards[i % len(boards)],
                    start=first + datetime.timedelta(days=(i // len(boards)) * 90, hours=i % 8),
                    venue="County Hall",
                )
                for i in range(n["meetings"])
            ),
            batch_size=BATCH,
        )
        funds = Fund.objects.bulk_create(
            Fund(
                name=f"County fund {step:02d}-{i:03d}",
                financial_year=2016 + i % 5,
                budget=Decimal("100000000"),
                funder=self.funder,
            )
            for i in range(n["awards"] // AWARDS_PER_FUND)
        )
        statuses = ["approved", "paid", "monitoring", "closed", "proposed"]
        start, end = datetime.date(2016, 4, 1), datetime.date(2017, 3, 31)
        awards = Award.objects.bulk_create(
            (
                Award(
                    fund=funds[i % len(funds)],
                    recipient_organisation=orgs[i % len(orgs)],
                    title=f"County award {step:02d}-{i:06d}",
                    amount=Decimal(1000 + (i % 50) * 100),
                    status=statuses[(i // len(funds)) % len(statuses)],
                    start_date=start,
                    end_date=end,
                    monitoring_frequency=0,
                )
                for i in range(n["awards"])
            ),
            batch_size=BATCH,
        )
        Payment.objects.bulk_create(
            (
                Payment(
                    award=awards[i % len(awards)],
                    due_date=start + datetime.timedelta(days=i % 300),
                    amount=Decimal("500"),
                    paid_date=start + datetime.timedelta(days=i % 300) if i % 3 else None,
                )
                for i in range(n["payments"])
            ),
            batch_size=BATCH,
        )
        matrix = default_matrix()
        programmes = WorkProgramme.objects.bulk_create(
            WorkProgramme(
                partnership=partnerships[i],
                title=f"Work Programme {step:02d}-{i:03d}",
                period_start=datetime.date(2026, 4, 1),
                period_end=datetime.date(2027, 3, 31),
                status="agreed",
                matrix=matrix,
            )
            for i in range(n["tasks"] // TASKS_PER_PROGRAMME)
        )
        Task.objects.bulk_create(
            (
                Task(
                    programme=programmes[i % len(programmes)],
                    number=i // len(programmes) + 1,
                    title=f"Key task {step:02d}-{i:06d}",
                    lead_organisation=orgs[i % len(orgs)],
                )
                for i in range(n["tasks"])
            ),
            batch_size=BATCH,
        )
        # As autovacuum leaves a table in use: statistics current, pages marked all-visible.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        if step == 0:
            self.fund = funds[0]
            self.programme = programmes[0]
            self.organisation = orgs[1]
        return time.perf_counter() - started

    # --- pages ---------------------------------------------------------------------------

    def pages(self) -> dict:
        """label → (portal url, query, admin url or None, admin query)."""
        from partnerships.models import Partnership

        register_pages = -(-Partnership.objects.count() // settings.PORTAL_PAGE_SIZE)
        fund, programme = self.fund, self.programme
        return {
            "award list": (
                reverse("grants:award_list"),
                {},
                reverse("admin:grants_award_changelist"),
                {},
            ),
            "award list, one status": (
                reverse("grants:award_list"),
                {"status": "paid"},
                reverse("admin:grants_award_changelist"),
                {"status__exact": "paid"},
            ),
            "fund list": (
                reverse("grants:fund_list"),
                {},
                reverse("admin:grants_fund_changelist"),
                {},
            ),
            "fund page (1,000 awards)": (
                fund.get_absolute_url(),
                {},
                reverse("admin:grants_award_changelist"),
                {"fund__id__exact": fund.pk},
            ),
            "work programme list": (
                reverse("workprogramme:programme_list"),
                {},
                reverse("admin:workprogramme_workprogramme_changelist"),
                {},
            ),
            "work programme tasks (200)": (
                programme.get_absolute_url(),
                {},
                reverse("admin:workprogramme_task_changelist"),
                {"programme__id__exact": programme.pk},
            ),
            "partnership register": (
                reverse("partnerships:partnership_list"),
                {},
                reverse("admin:partnerships_partnership_changelist"),
                {},
            ),
            "partnership register, last page": (
                reverse("partnerships:partnership_list"),
                {"page": "last"},
                reverse("admin:partnerships_partnership_changelist"),
                {"p": register_pages},
            ),
            "organisation list": (
                reverse("partnerships:organisation_list"),
                {},
                reverse("admin:partnerships_organisation_changelist"),
                {},
            ),
            "home page (dashboard)": (reverse("dashboard"), {}, None, None),
            "structure chart": (reverse("partnerships:structure"), {}, None, None),
        }

    def time_pages(self, repeat: int) -> dict[str, Timing]:
        officer, superuser = Client(), Client()
        login(officer, self.officer)
        login(superuser, self.admin)
        results = {}
        for label, (url, query, admin_url, admin_query) in self.pages().items():
            mine, theirs, ratios = [], [], []
            for run in range(repeat + 1):  # the first run of each warms caches and is dropped
                t, queries, size = fetch(officer, url, query, label)
                if admin_url:
                    a, admin_queries, _ = fetch(
                        superuser, admin_url, admin_query, label + " (admin)"
                    )
                if run == 0:
                    continue
                mine.append(t)
                if admin_url:
                    theirs.append(a)
                    ratios.append(t / a)
            results[label] = Timing(
                label,
                statistics.median(mine) * 1000,
                queries,
                size,
                statistics.median(theirs) * 1000 if theirs else None,
                admin_queries if admin_url else None,
                ratios,
            )
        return results


def login(client: Client, user) -> None:
    """Signs the client in as ``user``, with a second factor where the portal asks for one (an
    app device of the benchmark's own, as a person's phone would be)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from . import twofactor

    client.force_login(user)
    if twofactor.required_for(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="Benchmark", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def fetch(client: Client, url: str, query: dict, label: str) -> tuple[float, int, int]:
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        t = time.perf_counter()
        response = client.get(url, query)
        elapsed = time.perf_counter() - t
    if response.status_code != 200:
        raise RuntimeError(f"{label}: {url} answered {response.status_code}")
    return elapsed, len(queries), len(response.content)


# --- gunicorn throughput -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hammer(url: str, cookie: str, seconds: float, threads: int = 8) -> float:
    """Requests per second that ``threads`` clients get through in ``seconds``."""
    done = []
    stop = time.perf_counter() + seconds
    errors = []

    def client():
        count = 0
        while time.perf_counter() < stop:
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                    if response.status == 200:
                        count += 1
            except Exception as exc:  # counted as not served
                errors.append(exc)
        done.append(count)

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors and not sum(done):
        raise RuntimeError(f"{url}: no request was served ({errors[0]})")
    return sum(done) / seconds


def throughput(database_url: str, cookie: str, seconds: float) -> list[tuple[str, float, float]]:
    """The register's and a bare view's requests per second from gunicorn with 2 workers,
    without and with persistent connections."""
    rows = []
    for conn_max_age in (0, 600):
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CONN_MAX_AGE": str(conn_max_age),
            "DJANGO_SETTINGS_MODULE": "portal.county_settings",
            "DEBUG": "0",
            # A key of its own (the portal refuses the development key with DEBUG off), with
            # this process's key as a fallback so the signed-in session made here holds there.
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECRET_KEY_FALLBACKS": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/county-bench/bare/", timeout=2).read()
                    break
                except Exception:
                    time.sleep(0.2)
            hammer(base + "/county-bench/bare/", cookie, 1)  # warm both workers
            hammer(base + reverse("partnerships:partnership_list"), cookie, 1)
            bare = hammer(base + "/county-bench/bare/", cookie, seconds)
            register = hammer(base + reverse("partnerships:partnership_list"), cookie, seconds)
            rows.append((f"CONN_MAX_AGE={conn_max_age}", bare, register))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return rows


# --- the run -----------------------------------------------------------------------------


def run(out, *, repeat: int, scale: int, seconds: float, keep: bool = False) -> None:
    if connection.vendor != "postgresql":
        out.write("The county benchmark needs PostgreSQL (set DATABASE_URL); skipped.")
        return
    default = connections["default"]
    original = default.settings_dict["NAME"]
    name = f"{original}_county"
    _drop_and_create(name)
    connections.close_all()
    default.settings_dict["NAME"] = name
    try:
        out.write(f"County benchmark in a database of its own ({name})")
        call_command("migrate", verbosity=0, interactive=False)
        county = County(out)
        county.setup()
        built = county.add_step()
        out.write(f"  built 1× ({_describe(1)}) in {built:.0f} s")
        first = county.time_pages(repeat)
        built = 0.0
        for _ in range(scale - 1):
            built += county.add_step()
        out.write(f"  built {scale}× ({_describe(scale)}) in another {built:.0f} s")
        second = county.time_pages(repeat)
        _table(out, first, second, scale)

        client = Client()
        login(client, county.officer)
        cookie = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
        user = default.settings_dict.get("USER") or "postgres"
        host = default.settings_dict.get("HOST") or "127.0.0.1"
        port = default.settings_dict.get("PORT") or "5432"
        url = f"postgres://{user}@{host}:{port}/{name}"
        out.write(f"\n  gunicorn, 2 workers, 8 clients, {seconds:.0f} s each, at {scale}× data:")
        out.write(f"  {'':<18} {'bare view':>12} {'register':>12} {'share':>8}")
        for label, bare, register in throughput(url, cookie, seconds):
            out.write(
                f"  {label:<18} {bare:>8.0f} r/s {register:>8.0f} r/s "
                f"{register / bare * 100:>7.0f} %"
            )
    finally:
        connections.close_all()
        default.settings_dict["NAME"] = original
        if keep:
            out.write(f"  kept {name} (drop it with: dropdb {name})")
        else:
            _drop(name)
            out.write(f"  dropped {name}")


def _describe(scale: int) -> str:
    return ", ".join(f"{v * scale:,} {k}" for k, v in BASE.items())


def _table(out, first: dict[str, Timing], second: dict[str, Timing], scale: int) -> None:
    out.write(
        f"\n  {'page':<34} {'1× ms':>8} {'admin':>8} {'ratio':>6} {'q':>4} {'admin q':>7} "
        f"{'KiB':>6} | {scale}× ms {'admin':>8} {'ratio':>6} {'q':>4} {'KiB':>6} | "
        f"{scale}×/1×"
    )
    for label, a in first.items():
        b = second[label]

        def cell(t: Timing):
            ratio = f"{t.ratio:6.2f}" if t.ratio is not None else f"{'—':>6}"
            admin_ms = f"{t.admin_ms:8.1f}" if t.admin_ms is not None else f"{'—':>8}"
            return ratio, admin_ms

        ra, aa = cell(a)
        rb, ab = cell(b)
        admin_q = f"{a.admin_queries:>7}" if a.admin_queries is not None else f"{'—':>7}"
        out.write(
            f"  {label:<34} {a.median_ms:8.1f} {aa} {ra} {a.queries:>4} {admin_q} "
            f"{a.size / 1024:6.0f} | {b.median_ms:8.1f} {ab} {rb} {b.queries:>4} "
            f"{b.size / 1024:6.0f} | {b.median_ms / a.median_ms:5.2f}"
        )


def _server_cursor():
    import psycopg2

    params = connections["default"].get_connection_params()
    params["dbname"] = "postgres"
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return conn


def _drop(name: str) -> None:
    conn = _server_cursor()
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()


def _drop_and_create(name: str) -> None:
    _drop(name)
    conn = _server_cursor()
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


def set_admin_page_size() -> None:
    """The admin lists as many rows a page as the portal, so the two do the same work."""
    for model_admin in admin.site._registry.values():
        model_admin.list_per_page = settings.PORTAL_PAGE_SIZE
