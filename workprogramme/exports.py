"""The work programme app's CSV exports (see portal.exports)."""

from django.db.models import Count, Q
from django.utils import timezone

from portal.exports import CsvExport, CsvExportView, register
from portal.queries import count_of

from .filters import ProgrammeFilter, RiskFilter, RiskLogFilter, TaskFilter
from .models import Risk, RiskLog, Task, WorkProgramme


def _level(assessment):
    return assessment.level.name if assessment else ""


register(
    CsvExport(
        name="workprogramme_tasks",
        title="Work programme tasks (CSV)",
        filename="work-programme-tasks",
        rows=lambda user: Task.objects.visible_to(user).for_list(),
        filterset_class=TaskFilter,
        noun=("task", "tasks"),
        columns=[
            ("Programme", lambda t: t.programme.title),
            ("Number", lambda t: t.number),
            ("Key task / activity", lambda t: t.title),
            ("Priority", lambda t: t.priority),
            ("Level", lambda t: _level(t.current_assessment)),
            (
                "Computed priority",
                lambda t: t.current_assessment.computed_priority if t.current_assessment else "",
            ),
            (
                "Override reason",
                lambda t: t.current_assessment.override_reason if t.current_assessment else "",
            ),
            (
                "Likelihood",
                lambda t: t.current_assessment.likelihood if t.current_assessment else "",
            ),
            ("Impact", lambda t: t.current_assessment.impact if t.current_assessment else ""),
            ("Status", lambda t: t.get_status_display()),
            ("Lead organisation", lambda t: t.lead_organisation or "To be identified"),
            ("Lead person", lambda t: t.lead_person),
            ("Source", lambda t: t.source),
            ("Audit Commission recommendation", lambda t: t.audit_commission),
            ("Staff days", lambda t: t.staff_days),
            ("Money committed (£)", lambda t: f"{t.budget:.2f}"),
            ("Comments", lambda t: t.comments),
        ],
    )
)

register(
    CsvExport(
        name="workprogramme_risks",
        title="Risk log (CSV)",
        filename="risk-log",
        rows=lambda user: Risk.objects.visible_to(user).for_list(),
        filterset_class=RiskFilter,
        noun=("risk", "risks"),
        columns=[
            ("Risk log", lambda r: r.log.name),
            ("Reference", lambda r: r.reference),
            ("Risk", lambda r: r.title),
            ("Cause", lambda r: r.cause),
            ("Effect", lambda r: r.effect),
            ("Category", lambda r: r.get_category_display()),
            ("Owner", lambda r: r.owner),
            ("Inherent likelihood", lambda r: r.inherent_likelihood),
            ("Inherent impact", lambda r: r.inherent_impact),
            ("Inherent score", lambda r: r.inherent_score),
            ("Controls", lambda r: r.controls),
            ("Residual likelihood", lambda r: r.residual_likelihood),
            ("Residual impact", lambda r: r.residual_impact),
            ("Residual score", lambda r: r.residual_score),
            ("Residual level", lambda r: r.residual_level.name),
            ("Target likelihood", lambda r: r.target_likelihood),
            ("Target impact", lambda r: r.target_impact),
            ("Treatment", lambda r: r.get_treatment_display()),
            ("Status", lambda r: r.get_status_display()),
            ("Next review", lambda r: r.review_date),
            ("Review overdue", lambda r: r.review_overdue),
            ("Above appetite", lambda r: r.above_appetite),
        ],
    )
)


def programme_list_rows(user):
    """The work programmes list's rows (``ProgrammeListView``), for this user."""
    return (
        WorkProgramme.objects.visible_to(user)
        .select_related("partnership")
        .annotate(
            task_count=count_of(Task.objects.all(), "programme"),
            level_one=count_of(Task.objects.filter(priority=1), "programme"),
        )
        .order_by("-period_start", "title", "pk")
    )


def risk_log_list_rows(user):
    """The risk logs list's rows (``RiskLogListView``), for this user."""
    today = timezone.localdate()
    return (
        RiskLog.objects.visible_to(user)
        .select_related("partnership")
        .annotate(
            open_risks=Count("risks", filter=Q(risks__status=Risk.Status.OPEN)),
            overdue=Count(
                "risks",
                filter=Q(risks__status=Risk.Status.OPEN, risks__review_date__lt=today),
            ),
        )
        .order_by("partnership__name", "name", "pk")
    )


register(
    CsvExport(
        name="workprogramme_programmes",
        title="Work programmes (CSV)",
        filename="work-programmes",
        rows=programme_list_rows,
        filterset_class=ProgrammeFilter,
        noun=("work programme", "work programmes"),
        columns=[
            ("Title", lambda p: p.title),
            ("Partnership", lambda p: p.partnership.name),
            ("Period from", lambda p: p.period_start),
            ("Period to", lambda p: p.period_end),
            ("Status", lambda p: p.get_status_display()),
            ("Tasks", lambda p: p.task_count),
            ("Priority 1 tasks", lambda p: p.level_one),
        ],
    )
)

register(
    CsvExport(
        name="workprogramme_risk_logs",
        title="Risk logs (CSV)",
        filename="risk-logs",
        rows=risk_log_list_rows,
        filterset_class=RiskLogFilter,
        noun=("risk log", "risk logs"),
        columns=[
            ("Risk log", lambda r: r.name),
            ("Partnership", lambda r: r.partnership.name),
            ("Kind", lambda r: r.get_kind_display()),
            ("Risk appetite", lambda r: r.appetite),
            ("Open risks", lambda r: r.open_risks),
            ("Open risks overdue for review", lambda r: r.overdue),
            ("Description", lambda r: r.description),
        ],
    )
)


class ProgrammeExportView(CsvExportView):
    permission_required = "workprogramme.list_programmes"
    export_name = "workprogramme_programmes"
    list_url_name = "workprogramme:programme_list"


class RiskLogExportView(CsvExportView):
    permission_required = "workprogramme.list_programmes"
    export_name = "workprogramme_risk_logs"
    list_url_name = "workprogramme:risklog_list"
