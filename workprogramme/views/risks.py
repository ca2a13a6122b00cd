"""Risk logs of partnerships and their projects: risks with their scores, flags and actions,
and the heat map of residual risk."""

from django.db.models import Count, Q
from django.urls import reverse
from django.views.generic import CreateView, DetailView, TemplateView
from django_filters.views import FilterView

from portal.exports import CsvExportView
from portal.views import BreadcrumbMixin, FilteredListMixin, PermissionMixin

from ..exports import risk_log_list_rows
from ..filters import RiskFilter, RiskLogFilter
from ..forms import RiskActionForm, RiskForm, RiskLogForm
from ..models import Risk, RiskAction, RiskLog
from ..selectors import risk_heat_map
from .common import (
    CHANGE,
    VIEW,
    ChildCreateView,
    RecordHistoryView,
    RecordMixin,
    RecordUpdateView,
    risk_logs_crumb,
    trail,
)


class RiskLogListView(PermissionMixin, FilteredListMixin, FilterView):
    permission_required = "workprogramme.list_programmes"
    filterset_class = RiskLogFilter
    template_name = "workprogramme/risklog_list.html"
    context_object_name = "logs"

    def get_queryset(self):
        # The same rows as the list's CSV export.
        return risk_log_list_rows(self.request.user)

    def get_breadcrumbs(self):
        return [(risk_logs_crumb()[0], None)]


class RiskLogMixin(PermissionMixin):
    """Pages of one risk log (``pk``): 404 for a user who may not see it."""

    model = RiskLog
    view_permission = VIEW
    accessed_as = "log"

    def get_access_queryset(self):
        return RiskLog.objects.select_related("partnership", "matrix")

    def heat_map(self):
        base = self.log.get_absolute_url()
        return risk_heat_map(
            self.log,
            url=lambda lk, im: f"{base}?status=open&residual_likelihood={lk}&residual_impact={im}",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["log"] = self.log
        context["can_change"] = self.request.user.has_perm(CHANGE, self.log)
        return context


class RiskLogDetailView(RiskLogMixin, FilteredListMixin, FilterView):
    filterset_class = RiskFilter
    template_name = "workprogramme/risklog_detail.html"
    context_object_name = "risks"

    def get_queryset(self):
        return Risk.objects.filter(log=self.log).for_list()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        data["log"] = str(self.log.pk)
        kwargs["data"] = data
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        flags = Risk.objects.filter(log=self.log).with_flags()
        context.update(
            counts=flags.aggregate(
                open=Count("pk", filter=Q(status=Risk.Status.OPEN)),
                overdue=Count("pk", filter=Q(review_overdue=True)),
                above=Count("pk", filter=Q(above_appetite=True)),
            ),
            heat_map=self.heat_map(),
            export_url=reverse("workprogramme:risk_export"),
            can_see_history=self.request.user.has_perm("workprogramme.view_history"),
        )
        return context

    def get_breadcrumbs(self):
        return [risk_logs_crumb(), (self.log.name, None)]


class RiskLogHeatMapView(RiskLogMixin, BreadcrumbMixin, TemplateView):
    template_name = "workprogramme/heat_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(heat_map=self.heat_map(), subject=self.log)
        return context

    def get_breadcrumbs(self):
        return [*trail(self.log), ("Heat map", None)]


class RiskExportView(CsvExportView):
    permission_required = "workprogramme.list_programmes"
    export_name = "workprogramme_risks"
    list_url_name = "workprogramme:risklog_list"


class RiskLogCreateView(PermissionMixin, RecordMixin, CreateView):
    permission_required = "workprogramme.add_programme"
    model = RiskLog
    form_class = RiskLogForm
    noun = "risk log"
    success_message = "The {} was added."
    submit_label = "Add risk log"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_page_title(self):
        return "Add a risk log"

    def get_cancel_url(self):
        return reverse("workprogramme:risklog_list")

    def get_breadcrumbs(self):
        return [risk_logs_crumb(), ("Add a risk log", None)]


class RiskLogUpdateView(RecordUpdateView):
    model = RiskLog
    form_class = RiskLogForm
    noun = "risk log"
    success_message = "Your changes to the {} were saved."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class RiskLogHistoryView(RecordHistoryView):
    model = RiskLog


class RiskDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Risk
    view_permission = VIEW
    template_name = "workprogramme/risk_detail.html"
    context_object_name = "risk"

    def get_queryset(self):
        return (
            Risk.objects.with_flags()
            .select_related("log__partnership", "matrix")
            .prefetch_related("matrix__levels", "actions")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            can_change=self.request.user.has_perm(CHANGE, self.object),
            can_see_history=self.request.user.has_perm("workprogramme.view_history"),
        )
        return context

    def get_breadcrumbs(self):
        return [*trail(self.object)[:-1], (self.object.reference, None)]


class RiskCreateView(ChildCreateView):
    model = Risk
    form_class = RiskForm
    parent_model = RiskLog
    parent_field = "log"
    noun = "risk"
    success_message = "Risk {} was added."
    submit_label = "Add risk"

    def get_parent_queryset(self):
        return RiskLog.objects.select_related("partnership", "matrix")

    def get_initial(self):
        n = self.parent.risks.count() + 1
        return {**super().get_initial(), "reference": f"R{n}"}


class RiskUpdateView(RecordUpdateView):
    model = Risk
    form_class = RiskForm
    noun = "risk"
    success_message = "Risk {} was updated."

    def get_queryset(self):
        return Risk.objects.select_related("log__partnership", "log__matrix", "matrix")


class RiskHistoryView(RecordHistoryView):
    model = Risk


class RiskActionCreateView(ChildCreateView):
    model = RiskAction
    form_class = RiskActionForm
    parent_model = Risk
    parent_field = "risk"
    noun = "action"
    success_message = "The action was added."
    submit_label = "Add action"

    def get_parent_queryset(self):
        return Risk.objects.select_related("log__partnership")

    def get_success_url(self):
        return self.parent.get_absolute_url()


class RiskActionUpdateView(RecordUpdateView):
    model = RiskAction
    form_class = RiskActionForm
    noun = "action"
    success_message = "The action was updated."

    def get_queryset(self):
        return RiskAction.objects.select_related("risk__log__partnership")


class RiskActionHistoryView(RecordHistoryView):
    model = RiskAction
