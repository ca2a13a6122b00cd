"""Timings for ``manage.py benchmark``: a programme of 1,000 tasks and a risk log of 500
risks (everything is rolled back by the command)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from partnerships.models import Partnership

from .models import Risk, RiskLog, Task, TaskAssessment, WorkProgramme
from .seed import default_matrix

TASKS = 1_000
RISKS = 500


def run(bench, client, officer, repeat):
    matrix = default_matrix()
    partnership = Partnership.objects.create(
        name="Benchmark work programme partnership", kind="strategic", lead_officer=officer
    )
    programme = WorkProgramme.objects.create(
        partnership=partnership,
        title="Benchmark programme",
        period_start=datetime.date(2007, 4, 1),
        period_end=datetime.date(2008, 3, 31),
        matrix=matrix,
    )
    tasks = Task.objects.bulk_create(
        Task(programme=programme, number=n + 1, title=f"Benchmark task {n + 1}")
        for n in range(TASKS)
    )
    assessments = []
    for n, task in enumerate(tasks):
        likelihood, impact = 1 + n % 5, 1 + (n * 3) % 5
        level = matrix.level_for(likelihood, impact)
        assessments.append(
            TaskAssessment(
                task=task,
                matrix=matrix,
                likelihood=likelihood,
                impact=impact,
                level=level,
                computed_priority=level.priority,
                priority=level.priority,
                rationale="Benchmark",
                assessed_by="Benchmark",
                assessed_on=datetime.date(2007, 5, 17),
            )
        )
    TaskAssessment.objects.bulk_create(assessments, batch_size=500)
    for task, assessment in zip(tasks, assessments, strict=True):
        task.current_assessment, task.priority = assessment, assessment.priority
    Task.objects.bulk_update(tasks, ["current_assessment", "priority"], batch_size=500)

    log = RiskLog.objects.create(partnership=partnership, name="Benchmark log", matrix=matrix)
    today = timezone.localdate()
    Risk.objects.bulk_create(
        (
            Risk(
                log=log,
                reference=f"R{n + 1}",
                title=f"Benchmark risk {n + 1}",
                cause="Cause",
                effect="Effect",
                category="delivery",
                owner="Owner",
                inherent_likelihood=1 + n % 5,
                inherent_impact=1 + (n * 2) % 5,
                residual_likelihood=1 + n % 5,
                residual_impact=1 + (n * 3) % 5,
                target_likelihood=1,
                target_impact=1,
                treatment="treat",
                review_date=today + datetime.timedelta(days=(n % 60) - 30),
                matrix=matrix,
            )
            for n in range(RISKS)
        ),
        batch_size=500,
    )
    url = programme.get_absolute_url()
    bench.time_pages(
        client,
        {
            f"work programme ({TASKS:,} tasks), page 1": (url, {}),
            "work programme, priority 1 filtered": (url, {"priority": "1"}),
            "work programme heat map": (
                reverse("workprogramme:programme_heat_map", args=[programme.pk]),
                {},
            ),
            "level 1 shortlist": (
                reverse("workprogramme:programme_shortlist", args=[programme.pk]),
                {},
            ),
            f"risk log ({RISKS} risks), page 1": (log.get_absolute_url(), {}),
            "risk log, overdue reviews": (log.get_absolute_url(), {"review_overdue": "true"}),
            "task page": (tasks[0].get_absolute_url(), {}),
        },
        repeat,
    )
