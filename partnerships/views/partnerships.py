"""The partnership register, the structure chart, a partnership's page and what hangs off it."""

from collections import defaultdict
from functools import cached_property

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
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

from .. import structure
from ..filters import PartnershipFilter
from ..forms import (
    ContributionForm,
    PartnershipForm,
    RiskAssessmentForm,
    ValueForMoneyReviewForm,
)
from ..models import (
    Action,
    Board,
    Contribution,
    Membership,
    Partnership,
    RiskAssessment,
    ValueForMoneyReview,
    financial_year,
    financial_year_label,
)
from ..services import partnership_create, partnership_save

VIEW = "partnerships.view_partnership"
CHANGE = "partnerships.change_partnership"


def register_crumb():
    return ("Partnerships", reverse("partnerships:partnership_list"))


class PartnershipListView(PermissionMixin, FilteredListMixin, FilterView):
    permission_required = "partnerships.list_partnerships"
    filterset_class = PartnershipFilter
    template_name = "partnerships/partnership_list.html"
    context_object_name = "partnerships"

    def get_queryset(self):
        return Partnership.objects.for_register(self.request.user)

    def get_breadcrumbs(self):
        return [("Partnerships", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["financial_year"] = financial_year_label(financial_year(timezone.localdate()))
        return context


class PartnershipExportView(CsvExportView):
    permission_required = "partnerships.list_partnerships"
    export_name = "partnerships"
    list_url_name = "partnerships:partnership_list"


class StructureView(PermissionMixin, BreadcrumbMixin, TemplateView):
    """The lines of accountability as a nested list: each partnership under the one it is
    accountable to."""

    permission_required = "partnerships.list_partnerships"
    template_name = "partnerships/structure.html"

    @cached_property
    def under(self):
        """The partnership whose branch the page shows (``?under=``), or None for the top."""
        if (pk := query_id(self.request, "under")) is None:
            return None
        return get_object_or_404(structure.charted_partnerships(self.request.user), pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            under=self.under,
            ancestors=structure.ancestors(self.under, user) if self.under else [],
            tree=structure.chart(user, under=self.under),
        )
        return context

    def get_template_names(self):
        # A branch opened in place (static/js/structure.js) is just its list.
        if self.request.GET.get("fragment") and self.request.GET.get("under"):
            return ["partnerships/includes/tree_branch.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        if self.under is None:
            return [register_crumb(), ("Structure", None)]
        return [
            register_crumb(),
            ("Structure", reverse("partnerships:structure")),
            (f"Under {self.under.name}", None),
        ]


class PartnershipDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Partnership
    view_permission = VIEW
    template_name = "partnerships/partnership_detail.html"

    @property
    def listed(self):
        return Partnership.objects.visible_in_register_to(self.request.user)

    def get_queryset(self):
        current = Membership.objects.current().select_related("user", "contact", "organisation")
        awards = Partnership._meta.get_field("grant_awards").related_model  # grants.Award
        return (
            Partnership.objects.with_flags()
            .select_related("accountable_body", "lead_officer", "accountable_to", "commissioned_by")
            .prefetch_related(
                "supporting_officers",
                Prefetch("boards", queryset=Board.objects.order_by("kind", "name")),
                Prefetch("boards__memberships", queryset=current, to_attr="current_members"),
                Prefetch(
                    "contributions",
                    queryset=Contribution.objects.select_related("organisation").order_by(
                        "-financial_year", "organisation__name"
                    ),
                ),
                Prefetch(
                    "risk_assessments",
                    queryset=RiskAssessment.objects.select_related("assessor"),
                ),
                Prefetch(
                    "reviews", queryset=ValueForMoneyReview.objects.select_related("reviewer")
                ),
                Prefetch(
                    "accountable_partnerships",
                    queryset=self.listed.order_by("name"),
                ),
                Prefetch(
                    "commissioned_partnerships",
                    queryset=self.listed.order_by("name"),
                ),
                # The other areas' records of this partnership, by their related names.
                "work_programmes",
                "risk_logs",
                Prefetch(
                    "grant_awards",
                    queryset=awards.objects.select_related("fund").order_by(
                        "-fund__financial_year", "title"
                    ),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        p = self.object
        years = defaultdict(list)
        for c in p.contributions.all():
            years[c.financial_year].append(c)
        context["resources"] = [
            {
                "label": financial_year_label(year),
                "rows": rows,
                "cash": sum(c.cash for c in rows),
                "in_kind": sum(c.in_kind for c in rows),
                "total": sum(c.total for c in rows),
            }
            for year, rows in sorted(years.items(), reverse=True)
        ]
        context["actions"] = list(
            Action.objects.for_plan()
            .filter(board__partnership=p)
            .order_by("outcome__strategy__name", "outcome__number", "due_date")
        )
        context["threshold"] = settings.PARTNERSHIP_RISK_THRESHOLD
        assessments = list(p.risk_assessments.all())
        context["latest_risk_assessment"] = assessments[0] if assessments else None
        return context

    def get_breadcrumbs(self):
        return [register_crumb(), (self.object.name, None)]


class PartnershipFormMixin(RecordFormMixin):
    model = Partnership
    form_class = PartnershipForm

    def save(self, form):
        return partnership_save(
            partnership=form.instance,
            by=self.request.user,
            supporting_officers=form.cleaned_data["supporting_officers"],
        )


class PartnershipCreateView(PermissionMixin, PartnershipFormMixin, CreateView):
    permission_required = "partnerships.add_partnership"
    success_message = "{} was added to the register."
    submit_label = "Add partnership"

    def save(self, form):
        return partnership_create(data=form.cleaned_data, by=self.request.user)

    def get_page_title(self):
        return "Add a partnership"

    def get_cancel_url(self):
        return reverse("partnerships:partnership_list")

    def get_breadcrumbs(self):
        return [register_crumb(), ("Add a partnership", None)]


class PartnershipUpdateView(PermissionMixin, PartnershipFormMixin, UpdateView):
    view_permission = VIEW
    permission_required = CHANGE
    success_message = "Your changes to {} were saved."
    submit_label = "Save changes"

    def get_page_title(self):
        return f"Edit {self.saved_label}"

    def get_cancel_url(self):
        return reverse("partnerships:partnership_detail", args=[self.object.pk])

    def get_breadcrumbs(self):
        return [register_crumb(), (self.saved_label, self.get_cancel_url()), ("Edit", None)]


class PartnershipHistoryView(HistoryView):
    model = Partnership
    view_permission = VIEW
    permission_required = "partnerships.view_partnership_history"

    def get_breadcrumbs(self):
        return [register_crumb(), *super().get_breadcrumbs()]


# --- records added to a partnership or a board ------------------------------------------------


class ChildRecordMixin(RecordFormMixin):
    """Titles, breadcrumbs and the way back for a record that belongs to a partnership or a
    board (``self.parent``). The parent's rules apply to the record."""

    noun = "record"

    def get_page_title(self):
        if getattr(self, "object", None) is not None and self.object.pk:
            return f"Edit {self.noun}: {self.object}"
        article = "an" if self.noun[:1].lower() in "aeiou" else "a"
        return f"Add {article} {self.noun} to {self.parent}"

    def get_cancel_url(self):
        return self.parent.get_absolute_url()

    def get_breadcrumbs(self):
        partnership = getattr(self.parent, "partnership", self.parent)
        trail = [register_crumb(), (partnership.name, partnership.get_absolute_url())]
        if self.parent is not partnership:
            trail.append((str(self.parent), self.parent.get_absolute_url()))
        return [*trail, (self.get_page_title(), None)]


class ChildCreateView(PermissionMixin, ParentMixin, ChildRecordMixin, CreateView):
    parent_model = Partnership
    parent_field = "partnership"
    parent_view_permission = VIEW
    parent_permission = CHANGE


class ChildUpdateView(PermissionMixin, ChildRecordMixin, UpdateView):
    view_permission = VIEW
    permission_required = CHANGE
    parent_field = "partnership"

    def get_queryset(self):
        return self.model._default_manager.select_related(self.parent_field)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.parent = getattr(obj, self.parent_field)
        return obj


class ContributionCreateView(ChildCreateView):
    model = Contribution
    form_class = ContributionForm
    noun = "contribution"
    success_message = "The contribution was recorded."


class ContributionUpdateView(ChildUpdateView):
    model = Contribution
    form_class = ContributionForm
    noun = "contribution"
    success_message = "The contribution was updated."


class RiskAssessmentCreateView(ChildCreateView):
    model = RiskAssessment
    form_class = RiskAssessmentForm
    noun = "risk assessment"
    success_message = "The risk assessment was recorded."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"].assessor = self.request.user
        return kwargs


class ReviewCreateView(ChildCreateView):
    model = ValueForMoneyReview
    form_class = ValueForMoneyReviewForm
    noun = "value-for-money review"
    success_message = "The value-for-money review was recorded."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"].reviewer = self.request.user
        return kwargs


class RiskAssessmentUpdateView(ChildUpdateView):
    model = RiskAssessment
    form_class = RiskAssessmentForm
    noun = "risk assessment"
    success_message = "The risk assessment was updated."


class ReviewUpdateView(ChildUpdateView):
    model = ValueForMoneyReview
    form_class = ValueForMoneyReviewForm
    noun = "value-for-money review"
    success_message = "The value-for-money review was updated."
