from django.urls import path

from portal.access import signed_in

from .exports import StrategyExportView
from .views import boards, history, meetings, meetings_list, members, organisations, profile
from .views import partnerships as register

app_name = "partnerships"

urlpatterns = [
    # The register and the structure of accountability
    path("", register.PartnershipListView.as_view(), name="partnership_list"),
    path("export/", register.PartnershipExportView.as_view(), name="partnership_export"),
    path("structure/", register.StructureView.as_view(), name="structure"),
    path("new/", register.PartnershipCreateView.as_view(), name="partnership_add"),
    path("<int:pk>/", register.PartnershipDetailView.as_view(), name="partnership_detail"),
    path("<int:pk>/edit/", register.PartnershipUpdateView.as_view(), name="partnership_edit"),
    path(
        "<int:pk>/history/", register.PartnershipHistoryView.as_view(), name="partnership_history"
    ),
    path(
        "<int:parent_pk>/resources/new/",
        register.ContributionCreateView.as_view(),
        name="contribution_add",
    ),
    path(
        "resources/<int:pk>/edit/",
        register.ContributionUpdateView.as_view(),
        name="contribution_edit",
    ),
    path(
        "<int:parent_pk>/risk-assessments/new/",
        register.RiskAssessmentCreateView.as_view(),
        name="risk_assessment_add",
    ),
    path(
        "risk-assessments/<int:pk>/edit/",
        register.RiskAssessmentUpdateView.as_view(),
        name="risk_assessment_edit",
    ),
    path("<int:parent_pk>/reviews/new/", register.ReviewCreateView.as_view(), name="review_add"),
    path("reviews/<int:pk>/edit/", register.ReviewUpdateView.as_view(), name="review_edit"),
    # Boards, their seats, members and delivery plans
    path("<int:parent_pk>/boards/new/", boards.BoardCreateView.as_view(), name="board_add"),
    path("boards/<int:pk>/", boards.BoardDetailView.as_view(), name="board_detail"),
    path("boards/<int:pk>/edit/", boards.BoardUpdateView.as_view(), name="board_edit"),
    path("boards/<int:pk>/history/", boards.BoardHistoryView.as_view(), name="board_history"),
    path("boards/<int:parent_pk>/seats/new/", boards.SeatCreateView.as_view(), name="seat_add"),
    path("seats/<int:pk>/edit/", boards.SeatUpdateView.as_view(), name="seat_edit"),
    path(
        "boards/<int:parent_pk>/members/new/",
        boards.MembershipCreateView.as_view(),
        name="membership_add",
    ),
    path("members/<int:pk>/edit/", boards.MembershipUpdateView.as_view(), name="membership_edit"),
    path("members/<int:pk>/profile/", members.MemberDetailView.as_view(), name="member"),
    path(
        "members/<int:parent_pk>/interests/new/",
        members.InterestCreateView.as_view(),
        name="interest_add",
    ),
    path("interests/<int:pk>/edit/", members.InterestUpdateView.as_view(), name="interest_edit"),
    path(
        "interests/<int:pk>/history/",
        members.InterestHistoryView.as_view(),
        name="interest_history",
    ),
    path("contacts/new/", boards.ContactCreateView.as_view(), name="contact_add"),
    path("contacts/<int:pk>/edit/", boards.ContactUpdateView.as_view(), name="contact_edit"),
    path(
        "boards/<int:parent_pk>/actions/new/", boards.ActionCreateView.as_view(), name="action_add"
    ),
    path("actions/<int:pk>/edit/", boards.ActionUpdateView.as_view(), name="action_edit"),
    path("actions/<int:pk>/history/", boards.ActionHistoryView.as_view(), name="action_history"),
    # Meetings, reports and agenda packs
    path(
        "boards/<int:parent_pk>/meetings/new/",
        meetings.MeetingCreateView.as_view(),
        name="meeting_add",
    ),
    path("meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.MeetingUpdateView.as_view(), name="meeting_edit"),
    path(
        "meetings/<int:pk>/history/", history.MeetingHistoryView.as_view(), name="meeting_history"
    ),
    path(
        "meetings/<int:parent_pk>/items/new/",
        meetings.AgendaItemCreateView.as_view(),
        name="agenda_item_add",
    ),
    path("items/<int:pk>/edit/", meetings.AgendaItemUpdateView.as_view(), name="agenda_item_edit"),
    path(
        "items/<int:parent_pk>/report/new/", meetings.ReportCreateView.as_view(), name="report_add"
    ),
    path("reports/<int:pk>/", meetings.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", meetings.ReportUpdateView.as_view(), name="report_edit"),
    path("reports/<int:pk>/history/", history.ReportHistoryView.as_view(), name="report_history"),
    path("reports/<int:pk>/import/", meetings.ReportImportView.as_view(), name="report_import"),
    path(
        "reports/<int:pk>/status/<str:to>/",
        meetings.ReportTransitionView.as_view(),
        name="report_transition",
    ),
    path(
        "reports/<int:pk>/sign-off/<str:kind>/",
        meetings.ReportSignOffView.as_view(),
        name="report_sign_off",
    ),
    path(
        "reports/<int:parent_pk>/appendices/new/",
        meetings.AppendixCreateView.as_view(),
        name="appendix_add",
    ),
    path("meetings/<int:pk>/packs/build/", meetings.PackBuildView.as_view(), name="pack_build"),
    path("packs/<int:pk>/", meetings.PackDownloadView.as_view(), name="pack_download"),
    path("meetings/<int:pk>/publish/", meetings.PublishView.as_view(), name="meeting_publish"),
    path(
        "meetings/<int:pk>/publish/confirm/",
        meetings.PublishConfirmView.as_view(),
        name="meeting_publish_confirm",
    ),
    path(
        "meetings/<int:pk>/supplement/confirm/",
        meetings.PublishConfirmView.as_view(supplement=True),
        name="meeting_supplement_confirm",
    ),
    path(
        "meetings/<int:pk>/status/<str:to>/",
        meetings.MeetingStatusView.as_view(),
        name="meeting_status",
    ),
    path(
        "meetings/<int:pk>/supplement/",
        meetings.PublishView.as_view(supplement=True),
        name="meeting_supplement",
    ),
    path("my-meetings/", meetings.MyMeetingsView.as_view(), name="my_meetings"),
    path("meetings/", meetings_list.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/export/", meetings_list.MeetingExportView.as_view(), name="meeting_export"),
    path("me/", signed_in(profile.ProfileView.as_view()), name="profile"),
    path(
        "me/calendar/reset/",
        signed_in(profile.CalendarResetView.as_view()),
        name="calendar_reset",
    ),
    path(
        "boards/<int:parent_pk>/forward-plan/new/",
        boards.KeyDecisionCreateView.as_view(),
        name="key_decision_add",
    ),
    path(
        "forward-plan/<int:pk>/edit/",
        boards.KeyDecisionUpdateView.as_view(),
        name="key_decision_edit",
    ),
    path("meetings/<int:pk>/attendance/", meetings.AttendanceView.as_view(), name="attendance"),
    path(
        "meetings/<int:pk>/declarations/new/",
        meetings.DeclarationView.as_view(),
        name="declaration_add",
    ),
    path(
        "meetings/<int:pk>/actions/new/",
        meetings.MeetingActionView.as_view(),
        name="meeting_action_add",
    ),
    path(
        "meetings/<int:pk>/actions/<int:action>/edit/",
        meetings.MeetingActionView.as_view(),
        name="meeting_action_edit",
    ),
    path("meetings/<int:pk>/minutes/", meetings.MinutesView.as_view(), name="minutes"),
    path("meetings/<int:pk>/minutes/pdf/", meetings.MinutesPdfView.as_view(), name="minutes_pdf"),
    path(
        "meetings/<int:pk>/minutes/history/",
        history.MinutesHistoryView.as_view(),
        name="minutes_history",
    ),
    path(
        "meetings/<int:pk>/minutes/preview/",
        meetings.MinutesPreviewView.as_view(),
        name="minutes_preview",
    ),
    path(
        "meetings/<int:pk>/minutes/publish/",
        meetings.MinutesPublishView.as_view(),
        name="minutes_publish",
    ),
    path("items/<int:pk>/votes/", meetings.VotesView.as_view(), name="item_votes"),
    path(
        "meetings/<int:pk>/minutes/approve-previous/",
        meetings.MinutesApproveView.as_view(),
        name="minutes_approve_previous",
    ),
    path("calendar/<str:token>/meetings.ics", meetings.CalendarView.as_view(), name="calendar"),
    # Strategies
    path("strategies/", boards.StrategyListView.as_view(), name="strategy_list"),
    path("strategies/export/", StrategyExportView.as_view(), name="strategy_export"),
    path("strategies/new/", boards.StrategyCreateView.as_view(), name="strategy_add"),
    path("strategies/<int:pk>/", boards.StrategyDetailView.as_view(), name="strategy_detail"),
    path("strategies/<int:pk>/edit/", boards.StrategyUpdateView.as_view(), name="strategy_edit"),
    path(
        "strategies/<int:parent_pk>/outcomes/new/",
        boards.OutcomeCreateView.as_view(),
        name="outcome_add",
    ),
    path("outcomes/<int:pk>/edit/", boards.OutcomeUpdateView.as_view(), name="outcome_edit"),
    # Partner organisations
    path(
        "organisations/",
        organisations.OrganisationListView.as_view(),
        name="organisation_list",
    ),
    path(
        "organisations/export/",
        organisations.OrganisationExportView.as_view(),
        name="organisation_export",
    ),
    path(
        "organisations/new/",
        organisations.OrganisationCreateView.as_view(),
        name="organisation_add",
    ),
    path(
        "organisations/<int:pk>/",
        organisations.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<int:pk>/edit/",
        organisations.OrganisationUpdateView.as_view(),
        name="organisation_edit",
    ),
    path(
        "organisations/<int:pk>/history/",
        organisations.OrganisationHistoryView.as_view(),
        name="organisation_history",
    ),
]
