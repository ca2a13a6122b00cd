"""Compliance: the consultation register, self-assessment rounds and their action plans, and
the breaches log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import CreateView, DetailView, FormView, UpdateView
from django_filters.views import FilterView

from portal.exports import CsvExportView
from portal.views import BreadcrumbMixin, FilteredListMixin, HistoryView, PermissionMixin

from ..filters import BreachFilter, ConsultationFilter
from ..forms import (
    ActionPlanItemForm,
    AssessmentForm,
    BreachForm,
    ConsultationForm,
    GapsForm,
    RoundForm,
)
from ..models import (
    ActionPlanItem,
    Assessment,
    AssessmentRound,
    Breach,
    Commitment,
    Compact,
    Consultation,
    Rating,
)
from ..scorecard import scorecard
from ..services import (
    actions_from_gaps,
    assessment_answer,
    gaps_without_action,
    round_save,
)
from .base import CHANGE, COMPLIANCE, ChildCreateView, ChildUpdateView, compacts_crumb


def compliance_crumbs(compact):
    return [compacts_crumb(), (compact.name, compact.get_absolute_url())]


# --- consultations -----------------------------------------------------------------------------


class ConsultationListView(PermissionMixin, FilteredListMixin, FilterView):
    permission_required = COMPLIANCE
    filterset_class = ConsultationFilter
    template_name = "compact/consultation_list.html"
    context_object_name = "consultations"

    def get_queryset(self):
        return Consultation.objects.select_related("compact", "organisation").order_by(
            "-start_date", "pk"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The shortest period any of a Compact's consultation commitments asks for.
        weeks = {}
        for c in Commitment.objects.filter(check_kind=Commitment.Check.CONSULTATION_LENGTH).values(
            "code__compact_id", "check_number"
        ):
            key = c["code__compact_id"]
            weeks[key] = max(weeks.get(key, 0), c["check_number"])
        for consultation in context["consultations"]:
            required = weeks.get(consultation.compact_id)
            consultation.required_weeks = required
            consultation.too_short = consultation.falls_short_of(required)
        context["compacts"] = list(Compact.objects.order_by("name"))
        return context

    def get_breadcrumbs(self):
        return [compacts_crumb(), ("Consultations", None)]


class ConsultationDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Consultation
    view_permission = COMPLIANCE
    template_name = "compact/consultation_detail.html"

    def get_queryset(self):
        return Consultation.objects.select_related("compact", "organisation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["short_of"] = [
            check
            for check in Commitment.objects.filter(
                code__compact_id=self.object.compact_id,
                check_kind=Commitment.Check.CONSULTATION_LENGTH,
            ).select_related("code")
            if self.object.falls_short_of(check.check_number)
        ]
        return context

    def get_breadcrumbs(self):
        return [
            compacts_crumb(),
            ("Consultations", reverse("compact:consultation_list")),
            (self.object.title, None),
        ]


class ConsultationCreateView(ChildCreateView, CreateView):
    model = Consultation
    form_class = ConsultationForm
    parent_model = Compact
    parent_field = "compact"
    noun = "consultation"
    success_message = "{} was added to the consultation register."
    parent_view_permission = COMPLIANCE


class ConsultationUpdateView(ChildUpdateView, UpdateView):
    model = Consultation
    form_class = ConsultationForm
    parent_field = "compact"
    noun = "consultation"
    view_permission = COMPLIANCE
    success_message = "Your changes to {} were saved."


class ConsultationHistoryView(HistoryView):
    model = Consultation
    view_permission = COMPLIANCE
    permission_required = "compact.view_compact_history"

    def get_breadcrumbs(self):
        return [
            compacts_crumb(),
            ("Consultations", reverse("compact:consultation_list")),
            *super().get_breadcrumbs(),
        ]


# --- self-assessment rounds ----------------------------------------------------------------------


class RoundCreateView(ChildCreateView, CreateView):
    model = AssessmentRound
    form_class = RoundForm
    parent_model = Compact
    parent_field = "compact"
    noun = "self-assessment round"
    success_message = "{} was opened."
    parent_view_permission = COMPLIANCE

    def get_page_title(self):
        return "Open a self-assessment round"

    def save(self, form):
        return round_save(
            round=form.instance,
            organisations=form.cleaned_data["participants"],
            by=self.request.user,
        )


class RoundUpdateView(ChildUpdateView, UpdateView):
    model = AssessmentRound
    form_class = RoundForm
    parent_field = "compact"
    noun = "self-assessment round"
    view_permission = COMPLIANCE
    success_message = "Your changes to {} were saved."

    def save(self, form):
        return round_save(
            round=form.instance,
            organisations=form.cleaned_data["participants"],
            by=self.request.user,
        )


class RoundDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = AssessmentRound
    view_permission = COMPLIANCE
    template_name = "compact/round_detail.html"

    def get_queryset(self):
        return AssessmentRound.objects.select_related("compact")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.object
        gaps = Q(ratings__value__in=Rating.GAPS)
        context["assessments"] = round.assessments.select_related("organisation").annotate(
            rated=Count("ratings"), gaps=Count("ratings", filter=gaps)
        )
        context["card"] = scorecard(round)
        # Drafts are their organisation's: named here, but linked only for those who may open them.
        context["openable"] = set(
            Assessment.objects.visible_to(self.request.user)
            .filter(round=round)
            .values_list("pk", flat=True)
        )
        context["actions"] = round.actions.select_related(
            "commitment", "commitment__code", "organisation"
        ).order_by("status", "due_date", "pk")
        context["gaps_form"] = GapsForm()
        context["gaps_without_action"] = gaps_without_action(round).count()
        return context

    def get_breadcrumbs(self):
        return [*compliance_crumbs(self.object.compact), (self.object.title, None)]


class RoundGapsView(PermissionMixin, FormView):
    """POST: add an action plan item for every gap (partly met, not met) without one."""

    form_class = GapsForm
    model = AssessmentRound
    view_permission = COMPLIANCE
    permission_required = CHANGE
    accessed_as = "round"
    http_method_names = ["post"]

    def form_valid(self, form):
        added = actions_from_gaps(
            round=self.round, due_date=form.cleaned_data["due_date"], by=self.request.user
        )
        if added:
            messages.success(
                self.request,
                f"{added} action{'s were' if added != 1 else ' was'} added to the action plan.",
            )
        else:
            messages.info(self.request, "Every gap already has an action.")
        return redirect(f"{self.round.get_absolute_url()}#action-plan")

    def form_invalid(self, form):
        messages.error(
            self.request,
            "Nothing was added: " + " ".join(e for errors in form.errors.values() for e in errors),
        )
        return redirect(self.round)


class ActionCreateView(ChildCreateView, CreateView):
    model = ActionPlanItem
    form_class = ActionPlanItemForm
    parent_model = AssessmentRound
    parent_field = "round"
    noun = "action"
    success_message = "The action was added to the plan."
    parent_view_permission = COMPLIANCE

    def crumbs_for(self, parent):
        return [*compliance_crumbs(parent.compact), (parent.title, parent.get_absolute_url())]


class ActionUpdateView(ChildUpdateView, UpdateView):
    model = ActionPlanItem
    form_class = ActionPlanItemForm
    parent_field = "round"
    noun = "action"
    view_permission = COMPLIANCE
    success_message = "The action was saved."

    def get_queryset(self):
        return ActionPlanItem.objects.select_related("round", "round__compact")

    def crumbs_for(self, parent):
        return [*compliance_crumbs(parent.compact), (parent.title, parent.get_absolute_url())]


# --- one organisation's self-assessment ----------------------------------------------------------


class AssessmentDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    """The organisation's ratings; those who may answer rate and give evidence here."""

    model = Assessment
    view_permission = "compact.view_assessment"
    post_permission = "compact.answer_assessment"
    template_name = "compact/assessment_detail.html"

    def get_queryset(self):
        return Assessment.objects.select_related(
            "round", "round__compact", "organisation", "submitted_by"
        )

    def access_refused(self, request, _exc):
        if self.seen is not None and self.seen.round.status != AssessmentRound.Status.OPEN:
            messages.error(request, "This round is closed: its answers can no longer change.")
            return redirect(self.seen)
        return None

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = AssessmentForm(request.POST, assessment=self.object)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                assessment_answer(
                    assessment=self.object, answers=form.answers(), by=request.user, submit=submit
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    "The self-assessment was submitted." if submit else "Your answers were saved.",
                )
                return redirect(self.object)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AssessmentForm(assessment=self.object))
        context["can_answer"] = self.request.user.has_perm("compact.answer_assessment", self.object)
        return context

    def get_breadcrumbs(self):
        round = self.object.round
        crumbs = [compacts_crumb(), (round.compact.name, round.compact.get_absolute_url())]
        if self.request.user.has_perm(COMPLIANCE):
            crumbs.append((round.title, round.get_absolute_url()))
        return [*crumbs, (self.object.organisation.name, None)]


class AssessmentHistoryView(HistoryView):
    model = Assessment
    view_permission = "compact.view_assessment"
    permission_required = "compact.view_compact_history"


# --- breaches ------------------------------------------------------------------------------------


class BreachListView(PermissionMixin, FilteredListMixin, FilterView):
    permission_required = COMPLIANCE
    filterset_class = BreachFilter
    template_name = "compact/breach_list.html"
    context_object_name = "breaches"

    def get_queryset(self):
        return Breach.objects.for_log()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["compacts"] = list(Compact.objects.order_by("name"))
        return context

    def get_breadcrumbs(self):
        return [compacts_crumb(), ("Breaches", None)]


class BreachExportView(CsvExportView):
    permission_required = "compact.export_breaches"
    export_name = "compact_breaches"
    list_url_name = "compact:breach_list"


class BreachDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Breach
    view_permission = COMPLIANCE
    template_name = "compact/breach_detail.html"

    def get_queryset(self):
        return Breach.objects.for_log()

    def get_breadcrumbs(self):
        return [
            compacts_crumb(),
            ("Breaches", reverse("compact:breach_list")),
            (str(self.object), None),
        ]


class BreachCreateView(ChildCreateView, CreateView):
    model = Breach
    form_class = BreachForm
    parent_model = Compact
    parent_field = "compact"
    noun = "breach"
    success_message = "The breach was recorded."
    parent_view_permission = COMPLIANCE

    def get_page_title(self):
        return "Record a breach"


class BreachUpdateView(ChildUpdateView, UpdateView):
    model = Breach
    form_class = BreachForm
    parent_field = "compact"
    noun = "breach"
    view_permission = COMPLIANCE
    success_message = "The breach was saved."


class BreachHistoryView(HistoryView):
    model = Breach
    view_permission = COMPLIANCE
    permission_required = "compact.view_compact_history"

    def get_breadcrumbs(self):
        return [
            compacts_crumb(),
            ("Breaches", reverse("compact:breach_list")),
            *super().get_breadcrumbs(),
        ]


class RoundHistoryView(HistoryView):
    model = AssessmentRound
    view_permission = COMPLIANCE
    permission_required = "compact.view_compact_history"

    def get_queryset(self):
        return AssessmentRound.objects.select_related("compact")

    def get_breadcrumbs(self):
        return [*compliance_crumbs(self.object.compact), *super().get_breadcrumbs()]


class ActionHistoryView(HistoryView):
    model = ActionPlanItem
    view_permission = COMPLIANCE
    permission_required = "compact.view_compact_history"

    def get_queryset(self):
        return ActionPlanItem.objects.select_related("round", "round__compact")

    def get_breadcrumbs(self):
        round = self.object.round
        return [
            *compliance_crumbs(round.compact),
            (round.title, round.get_absolute_url()),
            ("Action plan: history of one action", None),
        ]
