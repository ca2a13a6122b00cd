from django.urls import reverse
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from portal.exports import CsvExportView
from portal.views import (
    BreadcrumbMixin,
    FilteredListMixin,
    HistoryView,
    PermissionMixin,
    RecordFormMixin,
)

from ..filters import OrganisationFilter
from ..forms import OrganisationForm
from ..models import Organisation
from ..services import organisation_create, organisation_update


def organisations_crumb():
    return ("Partner organisations", reverse("partnerships:organisation_list"))


class OrganisationListView(PermissionMixin, FilteredListMixin, FilterView):
    permission_required = "partnerships.list_organisations"
    filterset_class = OrganisationFilter
    template_name = "partnerships/organisation_list.html"
    context_object_name = "organisations"

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user).for_list()

    def get_breadcrumbs(self):
        return [(organisations_crumb()[0], None)]


class OrganisationExportView(CsvExportView):
    permission_required = "partnerships.export_organisations"
    export_name = "organisations"
    list_url_name = "partnerships:organisation_list"


class OrganisationDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Organisation
    view_permission = "partnerships.view_organisation"
    template_name = "partnerships/organisation_detail.html"

    def get_breadcrumbs(self):
        return [organisations_crumb(), (self.object.name, None)]


class OrganisationCreateView(PermissionMixin, RecordFormMixin, CreateView):
    model = Organisation
    form_class = OrganisationForm
    permission_required = "partnerships.add_organisation"
    success_message = "{} was added to the partner organisations."
    submit_label = "Add organisation"

    def save(self, form):
        return organisation_create(data=form.cleaned_data, by=self.request.user)

    def get_page_title(self):
        return "Add an organisation"

    def get_cancel_url(self):
        return reverse("partnerships:organisation_list")

    def get_breadcrumbs(self):
        return [organisations_crumb(), ("Add an organisation", None)]


class OrganisationUpdateView(PermissionMixin, RecordFormMixin, UpdateView):
    model = Organisation
    form_class = OrganisationForm
    view_permission = "partnerships.view_organisation"
    permission_required = "partnerships.change_organisation"
    success_message = "Your changes to {} were saved."
    submit_label = "Save changes"

    def save(self, form):
        return organisation_update(
            organisation=Organisation.objects.get(pk=self.object.pk),
            data=form.cleaned_data,
            by=self.request.user,
        )

    def get_page_title(self):
        return f"Edit {self.saved_label}"

    def get_cancel_url(self):
        return reverse("partnerships:organisation_detail", args=[self.object.pk])

    def get_breadcrumbs(self):
        return [organisations_crumb(), (self.saved_label, self.get_cancel_url()), ("Edit", None)]


class OrganisationHistoryView(HistoryView):
    model = Organisation
    view_permission = "partnerships.view_organisation"
    permission_required = "partnerships.view_organisation_history"

    def get_breadcrumbs(self):
        return [organisations_crumb(), *super().get_breadcrumbs()]
