"""Awards: the list, an award's page (payments, returns, changes, history) and what officers
and recipients do there."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, UpdateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from portal.exports import CsvExportView
from portal.views import (
    BreadcrumbMixin,
    FilteredListMixin,
    HistoryView,
    ParentMixin,
    PermissionMixin,
    RecordFormMixin,
    query_id,
)

from ..filters import AwardFilter
from ..forms import (
    AwardChangeForm,
    AwardForm,
    MarkPaidForm,
    PaymentForm,
    ReturnForm,
    ScheduleForm,
)
from ..models import Award, AwardChange, Fund, MonitoringReturn, Payment, ReturnEvidence
from ..services import (
    award_actions,
    award_change_record,
    award_save,
    award_transition,
    payment_mark_paid,
    payment_save,
    payments_schedule_evenly,
    return_submit,
)
from . import add_errors
from .funds import funds_crumb


def awards_crumb():
    return ("Awards", reverse("grants:award_list"))


class AwardListView(PermissionMixin, FilteredListMixin, FilterView):
    permission_required = "grants.list_awards"
    filterset_class = AwardFilter
    template_name = "grants/award_list.html"
    context_object_name = "awards"

    def get_queryset(self):
        return (
            Award.objects.visible_to(self.request.user)
            .for_list()
            .order_by("-fund__financial_year", "fund__name", "title", "pk")
        )

    def get_breadcrumbs(self):
        return [("Awards", None)]


class AwardExportView(CsvExportView):
    permission_required = "grants.export_awards"
    export_name = "grants.awards"
    list_url_name = "grants:award_list"


class AwardDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Award
    view_permission = "grants.view_award"
    template_name = "grants/award_detail.html"

    def get_queryset(self):
        return Award.objects.select_related(
            "fund", "recipient_organisation", "recipient_partnership", "approved_by"
        ).prefetch_related(
            "outcomes__strategy",
            "payments",
            Prefetch(
                "returns",
                queryset=MonitoringReturn.objects.prefetch_related("evidence__outcome"),
            ),
            Prefetch("changes", queryset=AwardChange.objects.select_related("recorded_by")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        award = self.object
        payments = list(award.payments.all())
        context["payments"] = payments
        context["scheduled"] = sum((p.amount for p in payments), 0)
        context["paid"] = sum((p.amount for p in payments if p.paid_date), 0)
        context["unscheduled"] = award.amount - context["scheduled"]
        context["returns"] = list(award.returns.all())
        context["openable_returns"] = set(
            MonitoringReturn.objects.visible_to(self.request.user)
            .filter(award=award)
            .values_list("pk", flat=True)
        )
        context["changes"] = list(award.changes.all())
        context["actions"] = award_actions(award)
        return context

    def get_breadcrumbs(self):
        fund = self.object.fund
        if not self.request.user.has_perm("grants.view_fund", fund):
            # A recipient reads their award, not the fund: its name without a link.
            return [awards_crumb(), (str(fund), None), (self.object.title, None)]
        return [funds_crumb(), (str(fund), fund.get_absolute_url()), (self.object.title, None)]


class AwardCreateView(PermissionMixin, RecordFormMixin, CreateView):
    model = Award
    form_class = AwardForm
    permission_required = "grants.change_award"
    success_message = "The award {} was proposed. Approve it to commit the money."

    def get_initial(self):
        initial = super().get_initial()
        fund_id = query_id(self.request, "fund")
        if fund_id is not None:
            fund = Fund.objects.filter(pk=fund_id).first()
            if fund is not None:
                initial.update(
                    fund=fund,
                    route=fund.route,
                    start_date=fund.year_start,
                    end_date=fund.year_end,
                    outcomes=list(fund.outcomes.all()),
                )
        return initial

    def save(self, form):
        m2m = {"outcomes": form.cleaned_data["outcomes"]}
        return award_save(award=form.instance, by=self.request.user, m2m=m2m)

    def get_page_title(self):
        return "Propose an award"

    def get_cancel_url(self):
        return reverse("grants:award_list")

    def get_breadcrumbs(self):
        return [awards_crumb(), ("Propose an award", None)]


class AwardUpdateView(PermissionMixin, RecordFormMixin, UpdateView):
    model = Award
    form_class = AwardForm
    view_permission = "grants.view_award"
    permission_required = "grants.change_award"

    def save(self, form):
        m2m = {"outcomes": form.cleaned_data["outcomes"]}
        return award_save(award=form.instance, by=self.request.user, m2m=m2m)

    def get_page_title(self):
        return f"Edit {self.object.title}"

    def get_cancel_url(self):
        return self.object.get_absolute_url()

    def get_breadcrumbs(self):
        return [awards_crumb(), (self.object.title, self.object.get_absolute_url()), ("Edit", None)]


class AwardHistoryView(HistoryView):
    model = Award
    view_permission = "grants.view_award"
    permission_required = "grants.view_award_history"


class AwardObjectMixin(PermissionMixin, SingleObjectMixin):
    """POST-only pages about one award: PermissionMixin.get_object answers 404 if the user may
    not see it, 403 if they may not change it."""

    model = Award
    view_permission = "grants.view_award"
    permission_required = "grants.change_award"

    def get_queryset(self):
        return Award.objects.select_related("fund")


class AwardActionView(AwardObjectMixin, View):
    def post(self, request, **kwargs):
        award = self.get_object()
        action = request.POST.get("action", "")
        try:
            award = award_transition(award=award, action=action, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"The award is now {award.get_status_display().lower()}.")
        return redirect(award)


class PaymentCreateView(PermissionMixin, ParentMixin, RecordFormMixin, CreateView):
    model = Payment
    form_class = PaymentForm
    parent_model = Award
    parent_field = "award"
    parent_view_permission = "grants.view_award"
    parent_permission = "grants.change_award"
    success_message = "The payment was added to the schedule."

    def save(self, form):
        return payment_save(payment=form.instance, by=self.request.user)

    def get_success_url(self):
        return self.parent.get_absolute_url() + "#payments"

    def get_page_title(self):
        return f"Add a payment: {self.parent.title}"

    def get_breadcrumbs(self):
        return [
            awards_crumb(),
            (self.parent.title, self.parent.get_absolute_url()),
            ("Add a payment", None),
        ]


class PaymentScheduleView(AwardObjectMixin, View):
    def post(self, request, **kwargs):
        award = self.get_object()
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose between 1 and 24 instalments.")
            return redirect(award)
        try:
            made = payments_schedule_evenly(
                award=award, instalments=form.cleaned_data["instalments"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{len(made)} instalments were scheduled.")
        return redirect(award.get_absolute_url() + "#payments")


class PaymentPaidView(AwardObjectMixin, View):
    def post(self, request, payment_pk, **kwargs):
        award = self.get_object()
        payment = get_object_or_404(award.payments.all(), pk=payment_pk)
        form = MarkPaidForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Enter the date the payment was made.")
            return redirect(award)
        try:
            payment_mark_paid(
                payment=payment, paid_date=form.cleaned_data["paid_date"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{payment} is recorded as paid.")
        return redirect(award.get_absolute_url() + "#payments")


class AwardChangeCreateView(PermissionMixin, ParentMixin, BreadcrumbMixin, FormView):
    form_class = AwardChangeForm
    parent_model = Award
    parent_field = "award"
    parent_view_permission = "grants.view_award"
    parent_permission = "grants.change_award"
    template_name = "grants/award_change_form.html"

    def get_form_kwargs(self):
        return FormView.get_form_kwargs(self)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            change = award_change_record(
                award=self.parent,
                kind=data["kind"],
                notice_date=data["notice_date"],
                effective_date=data["effective_date"],
                new_amount=data.get("new_amount"),
                reason=data["reason"],
                by=self.request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        if change.short_notice:
            messages.warning(
                self.request,
                f"Recorded, and flagged as short notice: the change takes effect on "
                f"{change.effective_date:%-d %B %Y}, less than three months after notice was "
                f"given (the Compact's three months run to "
                f"{change.earliest_effective_date:%-d %B %Y}).",
            )
        else:
            messages.success(self.request, "The change to funding was recorded.")
        return redirect(change.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["award"] = self.parent
        return context

    def get_breadcrumbs(self):
        return [
            awards_crumb(),
            (self.parent.title, self.parent.get_absolute_url()),
            ("Reduce or end", None),
        ]


class ReturnDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    """A monitoring return: read it, or (recipient or officer) submit it."""

    model = MonitoringReturn
    view_permission = "grants.view_return"
    post_permission = "grants.submit_return"
    template_name = "grants/return_detail.html"
    context_object_name = "mr"

    def get_queryset(self):
        return MonitoringReturn.objects.select_related(
            "award", "award__fund", "submitted_by"
        ).prefetch_related(
            Prefetch("evidence", queryset=ReturnEvidence.objects.select_related("outcome"))
        )

    def outcomes(self):
        return list(self.object.award.outcomes.select_related("strategy").order_by("number"))

    def get_form(self, data=None):
        return ReturnForm(data, outcomes=self.outcomes())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_submit = self.request.user.has_perm("grants.submit_return", self.object)
        context["can_submit"] = can_submit
        if can_submit and self.object.received_date is None:
            context.setdefault("form", self.get_form())
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                return_submit(
                    monitoring_return=self.object,
                    spend_to_date=form.cleaned_data["spend_to_date"],
                    narrative=form.cleaned_data["narrative"],
                    evidence=form.evidence(),
                    by=request.user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Thank you: the monitoring return was received.")
                return redirect(self.object.award.get_absolute_url() + "#returns")
        return self.render_to_response(self.get_context_data(form=form))

    def get_breadcrumbs(self):
        award = self.object.award
        return [awards_crumb(), (award.title, award.get_absolute_url()), (str(self.object), None)]
