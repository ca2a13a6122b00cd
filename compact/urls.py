from django.urls import path

from .exports import CompactExportView, ConsultationExportView
from .views import compact, compliance, handbook

app_name = "compact"

urlpatterns = [
    # The Compact, its codes, commitments and endorsements
    path("", compact.CompactListView.as_view(), name="compact_list"),
    path("export/", CompactExportView.as_view(), name="compact_export"),
    path("new/", compact.CompactCreateView.as_view(), name="compact_add"),
    path("<int:pk>/", compact.CompactDetailView.as_view(), name="compact_detail"),
    path("<int:pk>/edit/", compact.CompactUpdateView.as_view(), name="compact_edit"),
    path("<int:pk>/history/", compact.CompactHistoryView.as_view(), name="compact_history"),
    path("<int:pk>/findings/", compact.FindingsView.as_view(), name="findings"),
    path("<int:parent_pk>/codes/new/", compact.CodeCreateView.as_view(), name="code_add"),
    path("codes/<int:pk>/edit/", compact.CodeUpdateView.as_view(), name="code_edit"),
    path("codes/<int:pk>/history/", compact.CodeHistoryView.as_view(), name="code_history"),
    path(
        "codes/<int:parent_pk>/commitments/new/",
        compact.CommitmentCreateView.as_view(),
        name="commitment_add",
    ),
    path(
        "commitments/<int:pk>/edit/",
        compact.CommitmentUpdateView.as_view(),
        name="commitment_edit",
    ),
    path(
        "commitments/<int:pk>/history/",
        compact.CommitmentHistoryView.as_view(),
        name="commitment_history",
    ),
    path(
        "<int:parent_pk>/endorsements/new/",
        compact.EndorsementCreateView.as_view(),
        name="endorsement_add",
    ),
    path(
        "endorsements/<int:pk>/edit/",
        compact.EndorsementUpdateView.as_view(),
        name="endorsement_edit",
    ),
    path(
        "endorsements/<int:pk>/history/",
        compact.EndorsementHistoryView.as_view(),
        name="endorsement_history",
    ),
    # Consultations
    path("consultations/", compliance.ConsultationListView.as_view(), name="consultation_list"),
    path(
        "consultations/export/",
        ConsultationExportView.as_view(),
        name="consultation_export",
    ),
    path(
        "<int:parent_pk>/consultations/new/",
        compliance.ConsultationCreateView.as_view(),
        name="consultation_add",
    ),
    path(
        "consultations/<int:pk>/",
        compliance.ConsultationDetailView.as_view(),
        name="consultation_detail",
    ),
    path(
        "consultations/<int:pk>/edit/",
        compliance.ConsultationUpdateView.as_view(),
        name="consultation_edit",
    ),
    path(
        "consultations/<int:pk>/history/",
        compliance.ConsultationHistoryView.as_view(),
        name="consultation_history",
    ),
    # Self-assessment rounds, assessments and action plans
    path("<int:parent_pk>/rounds/new/", compliance.RoundCreateView.as_view(), name="round_add"),
    path("rounds/<int:pk>/", compliance.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/edit/", compliance.RoundUpdateView.as_view(), name="round_edit"),
    path("rounds/<int:pk>/gaps/", compliance.RoundGapsView.as_view(), name="round_gaps"),
    path("rounds/<int:pk>/history/", compliance.RoundHistoryView.as_view(), name="round_history"),
    path(
        "rounds/<int:parent_pk>/actions/new/",
        compliance.ActionCreateView.as_view(),
        name="action_add",
    ),
    path("actions/<int:pk>/edit/", compliance.ActionUpdateView.as_view(), name="action_edit"),
    path(
        "actions/<int:pk>/history/",
        compliance.ActionHistoryView.as_view(),
        name="action_history",
    ),
    path(
        "assessments/<int:pk>/",
        compliance.AssessmentDetailView.as_view(),
        name="assessment_detail",
    ),
    path(
        "assessments/<int:pk>/history/",
        compliance.AssessmentHistoryView.as_view(),
        name="assessment_history",
    ),
    # Breaches
    path("breaches/", compliance.BreachListView.as_view(), name="breach_list"),
    path("breaches/export/", compliance.BreachExportView.as_view(), name="breach_export"),
    path("<int:parent_pk>/breaches/new/", compliance.BreachCreateView.as_view(), name="breach_add"),
    path("breaches/<int:pk>/", compliance.BreachDetailView.as_view(), name="breach_detail"),
    path("breaches/<int:pk>/edit/", compliance.BreachUpdateView.as_view(), name="breach_edit"),
    path(
        "breaches/<int:pk>/history/",
        compliance.BreachHistoryView.as_view(),
        name="breach_history",
    ),
    # The Agreement and Protocols handbook
    path("handbook/", handbook.HandbookView.as_view(), name="handbook"),
    path("handbook/pdf/", handbook.HandbookPdfView.as_view(), name="handbook_pdf"),
    path("handbook/sections/new/", handbook.SectionCreateView.as_view(), name="section_add"),
    path(
        "handbook/sections/<int:pk>/", handbook.SectionDetailView.as_view(), name="section_detail"
    ),
    path(
        "handbook/sections/<int:pk>/edit/",
        handbook.SectionUpdateView.as_view(),
        name="section_edit",
    ),
    path(
        "handbook/sections/<int:pk>/history/",
        handbook.SectionHistoryView.as_view(),
        name="section_history",
    ),
    path(
        "handbook/sections/<int:pk>/compare/",
        handbook.VersionDiffView.as_view(),
        name="version_diff",
    ),
    path(
        "handbook/sections/<int:parent_pk>/versions/new/",
        handbook.VersionCreateView.as_view(),
        name="version_add",
    ),
    path(
        "handbook/versions/<int:pk>/", handbook.VersionDetailView.as_view(), name="version_detail"
    ),
    path(
        "handbook/versions/<int:pk>/edit/",
        handbook.VersionUpdateView.as_view(),
        name="version_edit",
    ),
    path(
        "handbook/versions/<int:pk>/consult/",
        handbook.VersionConsultView.as_view(),
        name="version_consult",
    ),
    path(
        "handbook/versions/<int:pk>/endorse/",
        handbook.VersionEndorseView.as_view(),
        name="version_endorse",
    ),
    path(
        "handbook/versions/<int:pk>/history/",
        handbook.VersionHistoryView.as_view(),
        name="version_history",
    ),
]
