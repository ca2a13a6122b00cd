"""/api/: the read-only JSON API under /api/v1/ (its OpenAPI document and browsable page
with it), and the token actions the profile page posts to."""

from django.urls import path

from . import views

app_name = "api"


def read(prefix: str, list_view, detail_view, name: str):
    return [
        path(f"v1/{prefix}/", list_view.as_view(), name=f"{name}-list"),
        path(f"v1/{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}-detail"),
    ]


urlpatterns = [
    path("v1/schema/", views.SchemaView.as_view(), name="schema"),
    path("v1/docs/", views.DocsView.as_view(), name="docs"),
    *read("partnerships", views.PartnershipList, views.PartnershipDetail, "partnership"),
    *read("boards", views.BoardList, views.BoardDetail, "board"),
    *read("memberships", views.MembershipList, views.MembershipDetail, "membership"),
    *read("meetings", views.MeetingList, views.MeetingDetail, "meeting"),
    *read("reports", views.ReportList, views.ReportDetail, "report"),
    *read("funds", views.FundList, views.FundDetail, "fund"),
    *read("awards", views.AwardList, views.AwardDetail, "award"),
    *read("work-programmes", views.WorkProgrammeList, views.WorkProgrammeDetail, "work-programme"),
    *read("tasks", views.TaskList, views.TaskDetail, "task"),
    *read("risks", views.RiskList, views.RiskDetail, "risk"),
    *read("compact-codes", views.CodeList, views.CodeDetail, "compact-code"),
    *read(
        "compact-commitments", views.CommitmentList, views.CommitmentDetail, "compact-commitment"
    ),
    *read("consultations", views.ConsultationList, views.ConsultationDetail, "consultation"),
    path("tokens/new/", views.TokenCreateView.as_view(), name="token_create"),
    path("tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
]
