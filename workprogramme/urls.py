from django.urls import path

from .exports import ProgrammeExportView, RiskLogExportView
from .views import levels
from .views import programmes as p
from .views import risks as r

app_name = "workprogramme"

urlpatterns = [
    path("levels.css", levels.LevelsStylesheetView.as_view(), name="levels_css"),
    path("", p.ProgrammeListView.as_view(), name="programme_list"),
    path("export/", ProgrammeExportView.as_view(), name="programme_export"),
    path("new/", p.ProgrammeCreateView.as_view(), name="programme_add"),
    path("<int:pk>/", p.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("<int:pk>/edit/", p.ProgrammeUpdateView.as_view(), name="programme_edit"),
    path("<int:pk>/history/", p.ProgrammeHistoryView.as_view(), name="programme_history"),
    path("<int:pk>/shortlist/", p.ShortlistView.as_view(), name="programme_shortlist"),
    path("<int:pk>/heat-map/", p.ProgrammeHeatMapView.as_view(), name="programme_heat_map"),
    path("<int:parent_pk>/tasks/new/", p.TaskCreateView.as_view(), name="task_add"),
    path("tasks/export/", p.TaskExportView.as_view(), name="task_export"),
    path("tasks/<int:pk>/", p.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/edit/", p.TaskUpdateView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/history/", p.TaskHistoryView.as_view(), name="task_history"),
    path("tasks/<int:parent_pk>/assess/", p.AssessmentCreateView.as_view(), name="assessment_add"),
    path("assessments/<int:pk>/override/", p.OverrideView.as_view(), name="assessment_override"),
    path(
        "assessments/<int:pk>/history/",
        p.AssessmentHistoryView.as_view(),
        name="assessment_history",
    ),
    path("tasks/<int:parent_pk>/links/new/", p.TaskLinkCreateView.as_view(), name="link_add"),
    path("links/<int:pk>/remove/", p.TaskLinkDeleteView.as_view(), name="link_remove"),
    # Risk logs
    path("risk-logs/", r.RiskLogListView.as_view(), name="risklog_list"),
    path("risk-logs/export/", RiskLogExportView.as_view(), name="risklog_export"),
    path("risk-logs/new/", r.RiskLogCreateView.as_view(), name="risklog_add"),
    path("risk-logs/<int:pk>/", r.RiskLogDetailView.as_view(), name="risklog_detail"),
    path("risk-logs/<int:pk>/edit/", r.RiskLogUpdateView.as_view(), name="risklog_edit"),
    path("risk-logs/<int:pk>/history/", r.RiskLogHistoryView.as_view(), name="risklog_history"),
    path("risk-logs/<int:pk>/heat-map/", r.RiskLogHeatMapView.as_view(), name="risklog_heat_map"),
    path("risk-logs/<int:parent_pk>/risks/new/", r.RiskCreateView.as_view(), name="risk_add"),
    path("risks/export/", r.RiskExportView.as_view(), name="risk_export"),
    path("risks/<int:pk>/", r.RiskDetailView.as_view(), name="risk_detail"),
    path("risks/<int:pk>/edit/", r.RiskUpdateView.as_view(), name="risk_edit"),
    path("risks/<int:pk>/history/", r.RiskHistoryView.as_view(), name="risk_history"),
    path(
        "risks/<int:parent_pk>/actions/new/",
        r.RiskActionCreateView.as_view(),
        name="risk_action_add",
    ),
    path("risk-actions/<int:pk>/edit/", r.RiskActionUpdateView.as_view(), name="risk_action_edit"),
    path(
        "risk-actions/<int:pk>/history/",
        r.RiskActionHistoryView.as_view(),
        name="risk_action_history",
    ),
]
