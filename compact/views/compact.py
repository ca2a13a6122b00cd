"""The Compact's pages: its codes and commitments, endorsements and findings."""

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from portal.views import (
    BreadcrumbMixin,
    HistoryView,
    PermissionMixin,
    RecordFormMixin,
    query_id,
)

from ..checks import findings_for
from ..exports import compact_list_rows
from ..forms import CodeForm, CommitmentForm, CompactForm, EndorsementForm
from ..models import Assessment, Code, Commitment, Compact, Endorsement
from .base import CHANGE, COMPLIANCE, VIEW, ChildCreateView, ChildUpdateView, compacts_crumb

YET_TO_ENDORSE_SHOWN = 100


class CompactListView(PermissionMixin, BreadcrumbMixin, ListView):
    permission_required = VIEW
    template_name = "compact/compact_list.html"
    context_object_name = "compacts"

    def get_queryset(self):
        # The same rows as the list's CSV export.
        return compact_list_rows(self.request.user)

    def get_breadcrumbs(self):
        return [(compacts_crumb()[0], None)]


class CompactDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Compact
    view_permission = VIEW
    template_name = "compact/compact_detail.html"

    def get_queryset(self):
        return Compact.objects.select_related("partnership")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        compact = self.object
        user = self.request.user
        context["codes"] = compact.codes.prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.order_by("number"))
        )
        context["endorsements"] = compact.endorsements.select_related(
            "organisation", "meeting", "meeting__board"
        ).order_by("-endorsed_on", "organisation__name")
        # Without a partnership every active partner is asked, which may be thousands: the
        # page names the first hundred and counts the rest.
        yet_to_endorse = compact.yet_to_endorse()
        context["yet_to_endorse"] = list(yet_to_endorse[:YET_TO_ENDORSE_SHOWN])
        context["yet_to_endorse_count"] = (
            len(context["yet_to_endorse"])
            if len(context["yet_to_endorse"]) < YET_TO_ENDORSE_SHOWN
            else yet_to_endorse.count()
        )
        if user.has_perm(COMPLIANCE):
            context["rounds"] = compact.rounds.annotate(
                participant_count=Count("assessments")
            ).order_by("-period_start")
            context["finding_count"] = len(findings_for(compact))
            context["open_breaches"] = compact.breaches.open().count()
            context["consultation_count"] = compact.consultations.count()
        context["own_assessments"] = (
            Assessment.objects.visible_to(user)
            .filter(round__compact=compact, organisation_id=user.organisation_id)
            .select_related("round", "organisation")
            if user.organisation_id
            else []
        )
        return context

    def get_breadcrumbs(self):
        return [compacts_crumb(), (self.object.name, None)]


class CompactCreateView(PermissionMixin, RecordFormMixin, CreateView):
    model = Compact
    form_class = CompactForm
    permission_required = CHANGE
    success_message = "{} was added."
    submit_label = "Add the Compact"

    def get_page_title(self):
        return "Add a Compact"

    def get_cancel_url(self):
        return reverse("compact:compact_list")

    def get_breadcrumbs(self):
        return [compacts_crumb(), ("Add a Compact", None)]


class CompactUpdateView(PermissionMixin, RecordFormMixin, UpdateView):
    model = Compact
    form_class = CompactForm
    view_permission = VIEW
    permission_required = CHANGE
    success_message = "Your changes to {} were saved."
    submit_label = "Save changes"

    def get_page_title(self):
        return f"Edit {self.saved_label}"

    def get_cancel_url(self):
        return self.object.get_absolute_url()

    def get_breadcrumbs(self):
        return [compacts_crumb(), (self.get_page_title(), None)]


class CompactHistoryView(HistoryView):
    model = Compact
    view_permission = VIEW
    permission_required = "compact.view_compact_history"

    def get_breadcrumbs(self):
        return [compacts_crumb(), *super().get_breadcrumbs()]


class CodeCreateView(ChildCreateView, CreateView):
    model = Code
    form_class = CodeForm
    parent_model = Compact
    parent_field = "compact"
    noun = "code"
    success_message = "{} was added."


class CodeUpdateView(ChildUpdateView, UpdateView):
    model = Code
    form_class = CodeForm
    parent_field = "compact"
    noun = "code"
    success_message = "{} was saved."


class CommitmentCreateView(ChildCreateView, CreateView):
    model = Commitment
    form_class = CommitmentForm
    parent_model = Code
    parent_field = "code"
    noun = "commitment"
    success_message = "Commitment {0.reference} was added."

    def get_parent_queryset(self):
        return Code.objects.select_related("compact")

    def get_initial(self):
        last = self.parent.commitments.order_by("-number").first()
        return {"number": (last.number + 1) if last else 1}

    def get_page_title(self):
        return f"Add a commitment to code {self.parent.number}"

    def crumbs_for(self, parent):
        return [compacts_crumb(), (str(parent.compact), parent.get_absolute_url())]


class CommitmentUpdateView(ChildUpdateView, UpdateView):
    model = Commitment
    form_class = CommitmentForm
    parent_field = "code"
    noun = "commitment"
    success_message = "Commitment {0.reference} was saved."

    def get_queryset(self):
        return Commitment.objects.select_related("code", "code__compact")

    def crumbs_for(self, parent):
        return [compacts_crumb(), (str(parent.compact), parent.get_absolute_url())]


class CommitmentHistoryView(HistoryView):
    model = Commitment
    view_permission = VIEW
    permission_required = "compact.view_compact_history"

    def get_queryset(self):
        return Commitment.objects.select_related("code", "code__compact")

    def get_breadcrumbs(self):
        compact = self.object.code.compact
        return [
            compacts_crumb(),
            (compact.name, compact.get_absolute_url()),
            (f"Commitment {self.object.reference}", self.object.get_absolute_url()),
            ("History", None),
        ]


class EndorsementCreateView(ChildCreateView, CreateView):
    model = Endorsement
    form_class = EndorsementForm
    parent_model = Compact
    parent_field = "compact"
    noun = "endorsement"
    success_message = "The endorsement by {0.organisation} was recorded."

    def get_initial(self):
        initial = {"version": self.parent.version}
        organisation = query_id(self.request, "organisation")
        if organisation is not None:
            initial["organisation"] = organisation
        return initial


class EndorsementUpdateView(ChildUpdateView, UpdateView):
    model = Endorsement
    form_class = EndorsementForm
    parent_field = "compact"
    noun = "endorsement"
    success_message = "The endorsement by {0.organisation} was saved."


class FindingsView(PermissionMixin, BreadcrumbMixin, DetailView):
    """What the portal's own records show against the commitments that carry a number."""

    model = Compact
    view_permission = VIEW
    permission_required = COMPLIANCE
    template_name = "compact/findings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["findings"] = findings_for(self.object)
        context["checked"] = list(
            Commitment.objects.filter(code__compact=self.object)
            .exclude(check_kind="")
            .select_related("code")
        )
        return context

    def get_breadcrumbs(self):
        return [
            compacts_crumb(),
            (self.object.name, self.object.get_absolute_url()),
            ("Findings from records", None),
        ]


class CodeHistoryView(HistoryView):
    model = Code
    view_permission = VIEW
    permission_required = "compact.view_compact_history"

    def get_queryset(self):
        return Code.objects.select_related("compact")

    def get_breadcrumbs(self):
        compact = self.object.compact
        return [
            compacts_crumb(),
            (compact.name, compact.get_absolute_url()),
            (str(self.object), self.object.get_absolute_url()),
            ("History", None),
        ]


class EndorsementHistoryView(HistoryView):
    model = Endorsement
    view_permission = VIEW
    permission_required = "compact.view_compact_history"

    def get_queryset(self):
        return Endorsement.objects.select_related("compact", "organisation")

    def get_breadcrumbs(self):
        compact = self.object.compact
        return [
            compacts_crumb(),
            (compact.name, compact.get_absolute_url()),
            (f"Endorsement by {self.object.organisation}", self.object.get_absolute_url()),
            ("History", None),
        ]
