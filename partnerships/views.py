from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from portal.jobs import job_start
from portal.views import BreadcrumbMixin, HistoryView, PermissionMixin

from .filters import OrganisationFilter
from .forms import OrganisationForm
from .models import Organisation
from .services import organisation_create, organisation_update
from .tasks import organisations_export

ORGANISATIONS = ("Partner organisations", "partnerships:organisation_list")


def _crumb(label_and_name):
    label, name = label_and_name
    return (label, reverse(name))


class OrganisationListView(PermissionMixin, BreadcrumbMixin, FilterView):
    permission_required = "partnerships.list_organisations"
    filterset_class = OrganisationFilter
    template_name = "partnerships/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = settings.PORTAL_PAGE_SIZE

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user).for_list()

    def get_breadcrumbs(self):
        return [(ORGANISATIONS[0], None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        return context


class OrganisationExportView(PermissionMixin, View):
    """Queue a CSV of the list as filtered, and send the officer to watch it being made."""

    permission_required = "partnerships.export_organisations"

    def post(self, request):
        filters = {
            key: request.POST[key]
            for key in OrganisationFilter.base_filters
            if request.POST.get(key, "").strip()
        }
        filterset = OrganisationFilter(filters, queryset=Organisation.objects.none())
        if not filterset.is_valid():
            messages.error(
                request,
                "Nothing was exported: correct the filters first ("
                + "; ".join(f"{f}: {' '.join(e)}" for f, e in filterset.errors.items())
                + ").",
            )
            return redirect(f"{reverse(ORGANISATIONS[1])}?{urlencode(filters)}")
        job = job_start(
            task=organisations_export,
            title="Partner organisations (CSV)",
            created_by=request.user,
            params={"filters": filters},
        )
        return redirect(job)


class OrganisationDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Organisation
    view_permission = "partnerships.view_organisation"
    template_name = "partnerships/organisation_detail.html"

    def get_breadcrumbs(self):
        return [_crumb(ORGANISATIONS), (self.object.name, None)]


class OrganisationFormMixin(BreadcrumbMixin):
    model = Organisation
    form_class = OrganisationForm
    template_name = "partnerships/organisation_form.html"

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(self.object))
        return redirect(self.object)


class OrganisationCreateView(PermissionMixin, OrganisationFormMixin, CreateView):
    permission_required = "partnerships.add_organisation"
    success_message = "{} was added to the partner organisations."

    def save(self, form):
        return organisation_create(data=form.cleaned_data, by=self.request.user)

    def get_breadcrumbs(self):
        return [_crumb(ORGANISATIONS), ("Add an organisation", None)]


class OrganisationUpdateView(PermissionMixin, OrganisationFormMixin, UpdateView):
    view_permission = "partnerships.view_organisation"
    permission_required = "partnerships.change_organisation"
    success_message = "Your changes to {} were saved."

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        # The form writes the submitted values onto the object; headings keep the saved name.
        self.saved_name = obj.name
        return obj

    def get_context_data(self, **kwargs):
        return super().get_context_data(saved_name=self.saved_name, **kwargs)

    def save(self, form):
        return organisation_update(
            organisation=Organisation.objects.get(pk=self.object.pk),
            data=form.cleaned_data,
            by=self.request.user,
        )

    def get_breadcrumbs(self):
        return [
            _crumb(ORGANISATIONS),
            (self.saved_name, self.object.get_absolute_url()),
            ("Edit", None),
        ]


class OrganisationHistoryView(HistoryView):
    model = Organisation
    view_permission = "partnerships.view_organisation"
    permission_required = "partnerships.view_organisation_history"

    def get_breadcrumbs(self):
        return [_crumb(ORGANISATIONS), *super().get_breadcrumbs()]
