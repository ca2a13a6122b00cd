"""The Compact's figures for ``manage.py benchmark``: a Compact of 50 commitments with 200
assessing organisations (2,000 ratings), 1,000 consultations and 1,000 breaches, a 30-section
handbook, its PDF and the scorecard as a report section."""

import datetime
import time

from django.urls import reverse

from partnerships.models import Organisation

from .models import (
    Assessment,
    AssessmentRound,
    Breach,
    Code,
    Commitment,
    Compact,
    Consultation,
    HandbookSection,
    Rating,
    SectionVersion,
)
from .sections import render_scorecard

ROWS = 1000


def run(bench, client, _officer, repeat):
    d = datetime.date
    compact = Compact.objects.create(name="Benchmark Compact", area="Benchmark", version="1")
    codes = Code.objects.bulk_create(
        Code(compact=compact, number=n + 1, title=f"Benchmark code {n + 1}") for n in range(5)
    )
    commitments = Commitment.objects.bulk_create(
        Commitment(
            code=codes[n % 5],
            number=n // 5 + 1,
            text=f"Benchmark commitment {n}",
            whose=["shared", "public", "vcfs"][n % 3],
            check_kind="consultation_length" if n == 0 else "",
            check_number=12 if n == 0 else None,
        )
        for n in range(50)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Benchmark Compact partner {n:04d}",
            sector="vcfs" if n % 2 else "public",
            kind="voluntary",
        )
        for n in range(200)
    )
    round = AssessmentRound.objects.create(
        compact=compact,
        title="Benchmark round",
        period_start=d(2020, 4, 1),
        period_end=d(2021, 3, 31),
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(round=round, organisation=o) for o in organisations
    )
    Rating.objects.bulk_create(
        Rating(
            assessment=a,
            commitment=commitments[(i * 7 + k) % 50],
            value=["met", "partly", "not_met", "na"][(i + k) % 4],
            evidence="Benchmark evidence",
        )
        for i, a in enumerate(assessments)
        for k in range(10)
        if commitments[(i * 7 + k) % 50].whose in ("shared", a.organisation.sector)
    )
    Consultation.objects.bulk_create(
        Consultation(
            compact=compact,
            title=f"Benchmark consultation {n:04d}",
            organisation=organisations[n % 200],
            owner="Benchmark",
            start_date=d(2020, 1, 1),
            end_date=d(2020, 1, 1) + datetime.timedelta(weeks=6 + n % 10),
        )
        for n in range(ROWS)
    )
    Breach.objects.bulk_create(
        Breach(
            compact=compact,
            commitment=commitments[n % 50],
            raised_by=organisations[n % 200],
            against=organisations[(n + 1) % 200],
            what_happened="Benchmark",
            raised_on=d(2020, 1, 1) + datetime.timedelta(days=n % 300),
        )
        for n in range(ROWS)
    )
    sections = HandbookSection.objects.bulk_create(
        HandbookSection(number=1000 + n, title=f"Benchmark section {n:02d}") for n in range(30)
    )
    paragraph = "<p>" + "Partners share information lawfully and securely. " * 20 + "</p>"
    SectionVersion.objects.bulk_create(
        SectionVersion(
            section=s,
            number=1,
            status="endorsed",
            endorsed_on=d(2020, 1, 1),
            content=paragraph * 6,
        )
        for s in sections
    )
    bench.time_pages(
        client,
        {
            "Compact page (50 commitments)": (compact.get_absolute_url(), {}),
            f"Findings ({ROWS:,} consultations)": (
                reverse("compact:findings", args=[compact.pk]),
                {},
            ),
            "Round page and scorecard (200 organisations)": (round.get_absolute_url(), {}),
            "One assessment": (assessments[0].get_absolute_url(), {}),
            f"Consultation register ({ROWS:,})": (reverse("compact:consultation_list"), {}),
            f"Breaches log ({ROWS:,}), filtered": (
                reverse("compact:breach_list"),
                {"stage": "informal", "raised_after": "2020-03-01"},
            ),
            "Handbook page (30 sections)": (reverse("compact:handbook"), {}),
        },
        repeat,
    )
    timings = []
    for _ in range(max(1, min(repeat, 2))):
        started = time.perf_counter()
        response = client.get(reverse("compact:handbook_pdf"))
        timings.append(time.perf_counter() - started)
    bench.report("Handbook PDF (WeasyPrint)", timings, size=len(response.content))
    started = time.perf_counter()
    html = render_scorecard(None, str(round.pk))
    bench.report("Scorecard as a report section", [time.perf_counter() - started], size=len(html))
