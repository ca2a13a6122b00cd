"""Funds: the list, a fund's page with its chart and awards, editing, roll forward, 360Giving."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, UpdateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from portal.exports import CsvExportView, spreadsheet_safe
from portal.views import (
    BreadcrumbMixin,
    FilteredListMixin,
    HistoryView,
    PermissionMixin,
    RecordFormMixin,
)

from .. import giving360
from ..filters import FundFilter
from ..forms import FundForm, RollForwardForm
from ..models import Award, Fund
from ..services import fund_roll_forward, fund_save
from . import add_errors


def funds_crumb():
    return ("Grant funds", reverse("grants:fund_list"))


class FundListView(PermissionMixin, FilteredListMixin, FilterView):
    permission_required = "grants.list_funds"
    filterset_class = FundFilter
    template_name = "grants/fund_list.html"
    context_object_name = "funds"

    def dispatch(self, request, *args, **kwargs):
        # The navigation's "Grants" leads here; a partner's contact, who sees only the awards
        # to their own organisation, is taken to those.
        user = request.user
        if (
            user.is_authenticated
            and not user.has_perm(self.permission_required)
            and user.has_perm("grants.list_awards")
        ):
            return redirect("grants:award_list")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Fund.objects.for_list()

    def get_breadcrumbs(self):
        return [("Grant funds", None)]


class FundExportView(CsvExportView):
    permission_required = "grants.export_funds"
    export_name = "grants.funds"
    list_url_name = "grants:fund_list"


def chart_rows(totals: dict) -> list[dict]:
    """Bars for committed, paid and headroom as shares of the budget (0–100%)."""
    budget = totals["budget"] or 1
    rows = []
    for key, label in (("committed", "Committed"), ("paid", "Paid"), ("headroom", "Headroom")):
        value = totals[key]
        rows.append(
            {
                "key": key,
                "label": label,
                "value": value,
                "percent": max(0, min(100, round(float(value / budget * 100), 1))),
            }
        )
    return rows


class FundDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Fund
    view_permission = "grants.view_fund"
    template_name = "grants/fund_detail.html"

    def get_queryset(self):
        return (
            Fund.objects.with_totals()
            .select_related("funder", "rolled_forward_from")
            .prefetch_related("outcomes__strategy")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = self.object.totals()
        context["totals"] = totals
        context["chart"] = chart_rows(totals)
        context["awards"] = list(self.object.awards.for_list().order_by("title", "pk"))
        context["rounds"] = list(self.object.pb_rounds.order_by("-voting_opens"))
        context["rolled_forward_to"] = Fund.objects.filter(rolled_forward_from=self.object).first()
        return context

    def get_breadcrumbs(self):
        return [funds_crumb(), (str(self.object), None)]


class FundCreateView(PermissionMixin, RecordFormMixin, CreateView):
    model = Fund
    form_class = FundForm
    permission_required = "grants.change_fund"
    success_message = "The fund {} was added."

    def get_page_title(self):
        return "Add a fund"

    def get_cancel_url(self):
        return reverse("grants:fund_list")

    def get_breadcrumbs(self):
        return [funds_crumb(), ("Add a fund", None)]


class FundUpdateView(PermissionMixin, RecordFormMixin, UpdateView):
    model = Fund
    form_class = FundForm
    view_permission = "grants.view_fund"
    permission_required = "grants.change_fund"

    def save(self, form):
        m2m = {"outcomes": form.cleaned_data["outcomes"]}
        return fund_save(fund=form.instance, by=self.request.user, m2m=m2m)

    def get_page_title(self):
        return f"Edit {self.object}"

    def get_cancel_url(self):
        return self.object.get_absolute_url()

    def get_breadcrumbs(self):
        return [funds_crumb(), (str(self.object), self.object.get_absolute_url()), ("Edit", None)]


class FundHistoryView(HistoryView):
    model = Fund
    view_permission = "grants.view_fund"
    permission_required = "grants.change_fund"


class FundRollForwardView(PermissionMixin, BreadcrumbMixin, SingleObjectMixin, FormView):
    model = Fund
    view_permission = "grants.view_fund"
    permission_required = "grants.change_fund"
    form_class = RollForwardForm
    template_name = "grants/fund_roll_forward.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fund = self.object
        context["recurring"] = list(
            fund.awards.filter(recurring=True)
            .exclude(status=Award.Status.WITHDRAWN)
            .select_related("recipient_organisation", "recipient_partnership")
        )
        context["target_label"] = Fund(financial_year=fund.financial_year + 1).year_label
        return context

    def form_valid(self, form):
        try:
            new_fund = fund_roll_forward(
                fund=self.object,
                uplift_percent=form.cleaned_data["uplift_percent"],
                by=self.request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        count = new_fund.awards.count()
        messages.success(
            self.request,
            f"{new_fund} was created with {count} proposed award{'s' if count != 1 else ''} "
            "to approve.",
        )
        return redirect(new_fund)

    def get_breadcrumbs(self):
        return [
            funds_crumb(),
            (str(self.object), self.object.get_absolute_url()),
            ("Roll forward", None),
        ]


class Giving360View(PermissionMixin, View):
    """The published awards as a 360Giving data package (JSON) or its flat CSV."""

    permission_required = "grants.export_funds"

    def get(self, request, *args, **kwargs):
        fmt = kwargs.get("fmt", "json")
        if fmt not in ("json", "csv"):
            raise Http404("The 360Giving data comes as .json or .csv.")
        data = giving360.package()
        stamp = timezone.localdate().isoformat()
        if not data["grants"]:
            messages.info(request, "There are no approved awards to publish yet.")
            return redirect("grants:award_list")
        if fmt == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="360giving-{stamp}.csv"'
            response.write("\ufeff")
            writer = csv.writer(response)
            for row in giving360.flat_rows(data):
                writer.writerow([spreadsheet_safe(str(cell)) for cell in row])
            return response
        errors = giving360.validation_errors(data)
        if errors:
            messages.error(
                request,
                "The 360Giving file was not made because it would not validate: "
                + "; ".join(errors[:5]),
            )
            return redirect("grants:award_list")
        response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="360giving-{stamp}.json"'
        return response
