"""The work programme app's CSV exports (see portal.exports)."""

from portal.exports import CsvExport, register

from .filters import RiskFilter, TaskFilter
from .models import Risk, Task


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
