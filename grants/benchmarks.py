"""Grants' figures for ``manage.py benchmark``: pages with 1,000 awards, a participatory
budget round with 200 projects and 2,000 ballots, the 360Giving export jobs, and approvals."""

import datetime
import time
import tracemalloc
from decimal import Decimal

from django.urls import reverse

from partnerships.models import Organisation, Partnership
from portal.models import Job

from . import giving360
from .exports import giving360_export
from .models import Award, Ballot, BallotChoice, Fund, Payment, PBProject, PBRound
from .services import award_approve

AWARDS = 1000


def run(bench, client, officer, repeat):
    funder = Organisation.objects.create(
        name="Benchmark funder", sector="public", kind="local_authority"
    )
    recipients = Organisation.objects.bulk_create(
        Organisation(name=f"Benchmark grantee {n:04d}", sector="vcfs", kind="voluntary")
        for n in range(200)
    )
    funds = Fund.objects.bulk_create(
        Fund(
            name=f"Benchmark fund {n:03d}",
            financial_year=2016,
            budget=Decimal("1000000000"),
            funder=funder,
        )
        for n in range(50)
    )
    fund = funds[0]
    start, end = datetime.date(2016, 4, 1), datetime.date(2017, 3, 31)
    awards = Award.objects.bulk_create(
        Award(
            fund=fund,
            recipient_organisation=recipients[n % len(recipients)],
            title=f"Benchmark award {n:04d}",
            amount=Decimal("8000"),
            status=Award.Status.APPROVED,
            start_date=start,
            end_date=end,
        )
        for n in range(AWARDS)
    )
    Payment.objects.bulk_create(
        Payment(award=a, due_date=start, amount=Decimal("4000"), paid_date=start) for a in awards
    )
    big = awards[0]
    area = Partnership.objects.create(name="Benchmark area board", kind="area_board")
    now = datetime.datetime.now(datetime.UTC)
    r = PBRound.objects.create(
        name="Benchmark round",
        fund=fund,
        area_board=area,
        budget=Decimal("400000"),
        voting_opens=now - datetime.timedelta(days=1),
        voting_closes=now + datetime.timedelta(days=1),
    )
    projects = PBProject.objects.bulk_create(
        PBProject(
            round=r,
            title=f"Project {n:03d}",
            cost=Decimal(1000 + n * 37),
            ward="Ward",
            eligible=True,
        )
        for n in range(200)
    )
    ballots = Ballot.objects.bulk_create(
        Ballot(round=r, paper_reference=f"B{n:05d}", source="paper") for n in range(2000)
    )
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=b, project=projects[(n * 7 + k * 13) % 200])
        for n, b in enumerate(ballots)
        for k in range(3)
    )
    bench.time_pages(
        client,
        {
            "grants: fund list (50 funds)": (reverse("grants:fund_list"), {}),
            f"grants: fund page ({AWARDS:,} awards)": (fund.get_absolute_url(), {}),
            f"grants: award list ({AWARDS:,})": (reverse("grants:award_list"), {}),
            "grants: award page": (big.get_absolute_url(), {}),
            "grants: PB round (200 projects)": (r.get_absolute_url(), {}),
            "grants: PB results (2,000 ballots)": (reverse("grants:results", args=[r.pk]), {}),
            "grants: public ballot page": (reverse("grants:ballot", args=[r.pk]), {}),
            "grants: 360Giving page": (reverse("grants:giving360", args=["json"]), {}),
        },
        repeat,
    )
    giving360_jobs(bench, officer)
    proposals = Award.objects.bulk_create(
        Award(
            fund=funds[1],
            recipient_organisation=recipients[n],
            title=f"Benchmark proposal {n:03d}",
            amount=Decimal("8000"),
            start_date=start,
            end_date=end,
        )
        for n in range(100)
    )
    timings = []
    for award in proposals:
        t = time.perf_counter()
        award_approve(award=award, by=officer)
        timings.append(time.perf_counter() - t)
    bench.report("grants: approve one award (of 100, with returns)", timings)


def giving360_jobs(bench, officer) -> None:
    """Each 360Giving job once with no grant's validation remembered (as on a fresh worker),
    then again under tracemalloc for its peak Python memory."""
    for fmt, label in (("json", "JSON, validated"), ("csv", "CSV")):
        for measure_memory in (False, True):
            giving360._grant_errors.cache_clear()
            job = Job.objects.create(
                task_name=giving360_export.name,
                title="Benchmark 360Giving",
                created_by=officer,
                params={"format": fmt},
            )
            if measure_memory:
                tracemalloc.start()
            t = time.perf_counter()
            giving360_export.apply(args=[str(job.pk)])
            elapsed = time.perf_counter() - t
            job.refresh_from_db()
            assert job.status == Job.Status.DONE, job.message
            if measure_memory:
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                bench.report(
                    f"grants: 360Giving {fmt.upper()} job, peak memory", [elapsed], peak=peak
                )
            else:
                bench.report(
                    f"grants: 360Giving {label} job ({AWARDS:,})", [elapsed], size=job.file.size
                )
            job.file.delete(save=False)
