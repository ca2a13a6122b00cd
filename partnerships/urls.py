from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/export/",
        views.OrganisationExportView.as_view(),
        name="organisation_export",
    ),
    path("organisations/new/", views.OrganisationCreateView.as_view(), name="organisation_add"),
    path(
        "organisations/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<int:pk>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation_edit",
    ),
    path(
        "organisations/<int:pk>/history/",
        views.OrganisationHistoryView.as_view(),
        name="organisation_history",
    ),
]
