"""The home-page panel for officers: level-1 tasks still to finish and risk reviews overdue,
in the programmes and risk logs of the partnerships they lead or support (all, for
administrators). A task complete, merged into another or in hand elsewhere (e.g. through the
LAA) needs no action here and is not listed. Only programmes still running count: a programme
whose period has ended, or that is closed, is history, and its unfinished tasks are not
flagged years later."""

from django.utils import timezone

from portal.permissions import is_administrator, is_officer

from .models import Risk, Task, WorkProgramme

LIMIT = 8


def panel(user) -> dict | None:
    if not (is_officer(user) or is_administrator(user)):
        return None
    today = timezone.localdate()
    tasks = (
        Task.objects.kept_by(user)
        .needing_action()
        .filter(priority=1, programme__period_end__gte=today)
        .exclude(programme__status=WorkProgramme.Status.CLOSED)
    )
    risks = Risk.objects.kept_by(user).filter(status=Risk.Status.OPEN, review_date__lt=today)
    task_rows = list(
        tasks.select_related("programme").order_by("programme__title", "number")[: LIMIT + 1]
    )
    risk_rows = list(risks.select_related("log").order_by("review_date")[: LIMIT + 1])
    return {
        "template": "workprogramme/includes/dashboard_panel.html",
        "tasks": task_rows[:LIMIT],
        "more_tasks": len(task_rows) > LIMIT,
        "risks": risk_rows[:LIMIT],
        "more_risks": len(risk_rows) > LIMIT,
    }
