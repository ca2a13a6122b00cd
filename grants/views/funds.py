"""Funds: the list, a fund's page with its chart and awards, editing, roll forward, 360Giving."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from portal.exports import CsvExportView
from portal.jobs import job_start
from portal.views import (
    BreadcrumbMixin,
    FilteredListMixin,
    HistoryView,
    PermissionMixin,
    RecordFormMixin,
)

from .. import giving360
from ..exports import GIVING360_TITLES, giving360_export
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
        # A page of the fund's awards, with the way to the rest: a fund of a thousand awards
        # costs what one of twenty-five does.
        awards = Paginator(
            self.object.awards.for_list().order_by("title", "pk"), settings.PORTAL_PAGE_SIZE
        )
        page = awards.get_page(self.request.GET.get("page"))
        context.update(
            awards=list(page.object_list),
            page_obj=page,
            award_count=awards.count,
            querystring="",
        )
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


class Giving360View(PermissionMixin, BreadcrumbMixin, TemplateView):
    """The published awards as a 360Giving data package (JSON) or its flat CSV. A POST queues
    the job that writes the file (tens of thousands of grants take a while) and shows its page,
    which offers the download; a GET shows what will be published, with the button."""

    permission_required = "grants.export_funds"
    template_name = "grants/giving360.html"

    def format(self) -> str:
        fmt = self.kwargs.get("fmt", "json")
        if fmt not in giving360.FORMATS:
            raise Http404("The 360Giving data comes as .json or .csv.")
        return fmt

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fmt = self.format()
        context.update(
            fmt=fmt,
            title=GIVING360_TITLES[fmt],
            count=giving360.published_awards().count(),
            schema_release=giving360.SCHEMA_RELEASE,
        )
        return context

    def get_breadcrumbs(self):
        return [funds_crumb(), (GIVING360_TITLES[self.format()], None)]

    def post(self, request, *args, **kwargs):
        fmt = self.format()
        if not giving360.published_awards().exists():
            messages.info(request, "There are no approved awards to publish yet.")
            return redirect("grants:award_list")
        job = job_start(
            task=giving360_export,
            title=GIVING360_TITLES[fmt],
            created_by=request.user,
            params={"format": fmt, "return_url": reverse("grants:fund_list")},
        )
        return redirect(job)
