from django.urls import path

from .exports import RoundExportView
from .views import awards, funds, pb

app_name = "grants"

urlpatterns = [
    path("", funds.FundListView.as_view(), name="fund_list"),
    path("funds/export/", funds.FundExportView.as_view(), name="fund_export"),
    path("funds/add/", funds.FundCreateView.as_view(), name="fund_add"),
    path("funds/<int:pk>/", funds.FundDetailView.as_view(), name="fund_detail"),
    path("funds/<int:pk>/edit/", funds.FundUpdateView.as_view(), name="fund_edit"),
    path("funds/<int:pk>/history/", funds.FundHistoryView.as_view(), name="fund_history"),
    path(
        "funds/<int:pk>/roll-forward/",
        funds.FundRollForwardView.as_view(),
        name="fund_roll_forward",
    ),
    path("360giving.<str:fmt>", funds.Giving360View.as_view(), name="giving360"),
    path("awards/", awards.AwardListView.as_view(), name="award_list"),
    path("awards/export/", awards.AwardExportView.as_view(), name="award_export"),
    path("awards/add/", awards.AwardCreateView.as_view(), name="award_add"),
    path("awards/<int:pk>/", awards.AwardDetailView.as_view(), name="award_detail"),
    path("awards/<int:pk>/edit/", awards.AwardUpdateView.as_view(), name="award_edit"),
    path("awards/<int:pk>/history/", awards.AwardHistoryView.as_view(), name="award_history"),
    path("awards/<int:pk>/action/", awards.AwardActionView.as_view(), name="award_action"),
    path(
        "awards/<int:parent_pk>/payments/add/",
        awards.PaymentCreateView.as_view(),
        name="payment_add",
    ),
    path(
        "awards/<int:pk>/payments/schedule/",
        awards.PaymentScheduleView.as_view(),
        name="payment_schedule",
    ),
    path(
        "awards/<int:pk>/payments/<int:payment_pk>/paid/",
        awards.PaymentPaidView.as_view(),
        name="payment_paid",
    ),
    path(
        "awards/<int:parent_pk>/change/",
        awards.AwardChangeCreateView.as_view(),
        name="award_change",
    ),
    path("returns/<int:pk>/", awards.ReturnDetailView.as_view(), name="return_detail"),
    path("pb/", pb.RoundListView.as_view(), name="round_list"),
    path("pb/export/", RoundExportView.as_view(), name="round_export"),
    path("pb/add/", pb.RoundCreateView.as_view(), name="round_add"),
    path("pb/<int:pk>/", pb.RoundDetailView.as_view(), name="round_detail"),
    path("pb/<int:pk>/edit/", pb.RoundUpdateView.as_view(), name="round_edit"),
    path("pb/<int:pk>/history/", pb.RoundHistoryView.as_view(), name="round_history"),
    path("pb/<int:parent_pk>/projects/add/", pb.ProjectCreateView.as_view(), name="project_add"),
    path("pb/projects/<int:pk>/edit/", pb.ProjectUpdateView.as_view(), name="project_edit"),
    path("pb/<int:pk>/codes/", pb.VoterCodesIssueView.as_view(), name="voter_codes"),
    path("pb/<int:pk>/paper/", pb.PaperBallotView.as_view(), name="paper_ballot"),
    path("pb/<int:pk>/publish/", pb.RoundPublishView.as_view(), name="round_publish"),
    path("pb/<int:pk>/awards/", pb.RoundAwardsView.as_view(), name="round_awards"),
    path("vote/<int:pk>/", pb.PublicBallotView.as_view(), name="ballot"),
    path("vote/<int:pk>/results/", pb.ResultsView.as_view(), name="results"),
]
