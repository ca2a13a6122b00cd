"""Participatory budgeting: round pages for officers, the public ballot, the results."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from portal.access import PUBLIC
from portal.signin import Throttle, client_ip
from portal.views import BreadcrumbMixin, HistoryView, ParentMixin, PermissionMixin, RecordFormMixin

from ..exports import round_list_rows
from ..forms import BallotForm, PBProjectForm, PBRoundForm, VoterCodesForm
from ..models import PBProject, PBRound
from ..services.pb import ballot_cast, pb_make_awards, pb_publish, pb_results, voter_codes_issue


def rounds_crumb():
    return ("Participatory budgets", reverse("grants:round_list"))


class RoundListView(PermissionMixin, BreadcrumbMixin, ListView):
    permission_required = "grants.view_pb"
    template_name = "grants/round_list.html"
    context_object_name = "rounds"

    def get_queryset(self):
        # The same rows as the list's CSV export.
        return round_list_rows(self.request.user)

    def get_breadcrumbs(self):
        return [("Participatory budgets", None)]


class RoundDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = PBRound
    view_permission = "grants.view_pb"
    template_name = "grants/round_detail.html"
    context_object_name = "round"

    def get_queryset(self):
        return PBRound.objects.select_related("fund", "area_board")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        r = self.object
        context["projects"] = list(
            r.projects.select_related("organisation").annotate(votes=Count("choices"))
        )
        context["batches"] = list(
            r.voter_codes.values("batch")
            .annotate(
                issued=Count("pk"),
                used=Count("pk", filter=Q(ballot__isnull=False)),
            )
            .order_by("batch")
        )
        context["ballots"] = r.ballots.aggregate(
            total=Count("pk"),
            online=Count("pk", filter=Q(source="online")),
            paper=Count("pk", filter=Q(source="paper")),
        )
        context["ballot_url"] = self.request.build_absolute_uri(
            reverse("grants:ballot", args=[r.pk])
        )
        return context

    def get_breadcrumbs(self):
        return [rounds_crumb(), (self.object.name, None)]


class RoundCreateView(PermissionMixin, RecordFormMixin, CreateView):
    model = PBRound
    form_class = PBRoundForm
    permission_required = "grants.manage_pb"
    success_message = "The round {} was added. Add its projects next."

    def get_page_title(self):
        return "Add a participatory budget round"

    def get_cancel_url(self):
        return reverse("grants:round_list")

    def get_breadcrumbs(self):
        return [rounds_crumb(), ("Add a round", None)]


class RoundUpdateView(PermissionMixin, RecordFormMixin, UpdateView):
    model = PBRound
    form_class = PBRoundForm
    view_permission = "grants.view_pb"
    permission_required = "grants.manage_pb"

    def get_cancel_url(self):
        return self.object.get_absolute_url()

    def get_breadcrumbs(self):
        return [rounds_crumb(), (self.object.name, self.object.get_absolute_url()), ("Edit", None)]


class RoundHistoryView(HistoryView):
    model = PBRound
    view_permission = "grants.view_pb"
    permission_required = "grants.manage_pb"


class ProjectCreateView(PermissionMixin, ParentMixin, RecordFormMixin, CreateView):
    model = PBProject
    form_class = PBProjectForm
    parent_model = PBRound
    parent_field = "round"
    parent_view_permission = "grants.view_pb"
    parent_permission = "grants.manage_pb"
    success_message = "The project {} was added."

    def get_success_url(self):
        return self.parent.get_absolute_url() + "#projects"

    def get_page_title(self):
        return f"Add a project to {self.parent.name}"

    def get_breadcrumbs(self):
        return [
            rounds_crumb(),
            (self.parent.name, self.parent.get_absolute_url()),
            ("Add a project", None),
        ]


class ProjectUpdateView(PermissionMixin, RecordFormMixin, UpdateView):
    model = PBProject
    form_class = PBProjectForm
    view_permission = "grants.view_pb"
    permission_required = "grants.manage_pb"

    def get_queryset(self):
        return PBProject.objects.select_related("round")

    def get_success_url(self):
        return self.object.round.get_absolute_url() + "#projects"

    def get_cancel_url(self):
        return self.object.round.get_absolute_url()

    def get_breadcrumbs(self):
        r = self.object.round
        return [rounds_crumb(), (r.name, r.get_absolute_url()), (self.object.title, None)]


class RoundObjectMixin(PermissionMixin, SingleObjectMixin):
    """Pages that act on a round: PermissionMixin.get_object answers 404 if the user may not
    see it, 403 if they may not manage it."""

    model = PBRound
    view_permission = "grants.view_pb"
    permission_required = "grants.manage_pb"

    def get_queryset(self):
        return PBRound.objects.select_related("fund", "area_board")


class VoterCodesIssueView(RoundObjectMixin, View):
    """Issue a batch of codes and download it at once as a CSV to print or mail-merge."""

    def post(self, request, **kwargs):
        r = self.get_object()
        form = VoterCodesForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose how many codes to issue: between 1 and 5,000.")
            return redirect(r)
        try:
            codes = voter_codes_issue(round=r, count=form.cleaned_data["count"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(r)
        batch = codes[0].batch
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="voter-codes-round-{r.pk}-batch-{batch}.csv"'
        )
        writer = csv.writer(response)
        ballot_url = request.build_absolute_uri(reverse("grants:ballot", args=[r.pk]))
        writer.writerow(["Round", "Batch", "Voter code", "Vote at"])
        for code in codes:
            writer.writerow([r.name, batch, code.code, ballot_url])
        return response


class PaperBallotView(RoundObjectMixin, BreadcrumbMixin, View):
    template_name = "grants/paper_ballot.html"

    def render(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "round": self.round,
                "form": form,
                "breadcrumbs": [
                    rounds_crumb(),
                    (self.round.name, self.round.get_absolute_url()),
                    ("Enter a paper ballot", None),
                ],
            },
        )

    def get(self, _request, **kwargs):
        self.round = self.get_object()
        return self.render(BallotForm(round=self.round, paper=True))

    def post(self, request, **kwargs):
        self.round = self.get_object()
        form = BallotForm(request.POST, round=self.round, paper=True)
        if form.is_valid():
            try:
                ballot_cast(
                    round=self.round,
                    projects=form.chosen(),
                    code=form.cleaned_data["code"],
                    paper_reference=form.cleaned_data["paper_reference"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    f"Paper ballot {form.cleaned_data['paper_reference']} was entered. "
                    "Enter the next one.",
                )
                return redirect("grants:paper_ballot", pk=self.round.pk)
        return self.render(form)


VOTER_CODE_GUESSES = Throttle("voter-code", limit=10, window=15 * 60)


class PublicBallotView(PermissionMixin, View):
    """Residents vote here with a voter code; no account is needed (or used)."""

    access_rule = PUBLIC

    template_name = "grants/ballot.html"

    def get_round(self, pk):
        return get_object_or_404(PBRound.objects.select_related("area_board"), pk=pk)

    def render(self, r, form, status=200, thanks=False):
        return render(
            self.request,
            self.template_name,
            {"round": r, "form": form, "open": r.voting_is_open(), "thanks": thanks},
            status=status,
        )

    def get(self, request, pk):
        r = self.get_round(pk)
        initial = {"code": request.GET.get("code", "")[:30]}
        return self.render(r, BallotForm(round=r, initial=initial))

    def post(self, request, pk):
        r = self.get_round(pk)
        form = BallotForm(request.POST, round=r)
        if not r.voting_is_open():
            form.is_valid()
            form.add_error(None, "Voting is not open for this round.")
            return self.render(r, form, status=400)
        # Codes that do not match are counted per round and address: guessing codes from one
        # place is paused long before it could find one, while other voters are unaffected.
        who = f"{r.pk}:{client_ip(request)}"
        if VOTER_CODE_GUESSES.blocked(who):
            form.is_valid()
            form.add_error(
                None,
                "Too many voter codes that did not match were entered from here. Wait "
                f"{VOTER_CODE_GUESSES.minutes} minutes, then check your code and try again.",
            )
            return self.render(r, form, status=429)
        if form.is_valid():
            try:
                ballot_cast(round=r, projects=form.chosen(), code=form.cleaned_data["code"])
            except ValidationError as exc:
                if getattr(exc, "code", None) == "bad_code":
                    VOTER_CODE_GUESSES.failed(who)
                form.add_error(None, exc)
            else:
                return self.render(r, None, thanks=True)
        return self.render(r, form, status=400)


class ResultsView(PermissionMixin, BreadcrumbMixin, DetailView):
    """Officers and board members see the count at any time; everyone once it is published."""

    access_rule = PUBLIC
    view_permission = "grants.view_results"
    model = PBRound
    template_name = "grants/results.html"
    context_object_name = "round"

    def get_queryset(self):
        return PBRound.objects.select_related("fund", "area_board")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["results"] = pb_results(self.object)
        context["can_manage"] = self.request.user.has_perm("grants.manage_pb", self.object)
        return context

    def get_breadcrumbs(self):
        if not self.request.user.has_perm("grants.view_pb", self.object):
            return []
        return [
            rounds_crumb(),
            (self.object.name, self.object.get_absolute_url()),
            ("Results", None),
        ]


class RoundPublishView(RoundObjectMixin, View):
    def post(self, request, **kwargs):
        r = self.get_object()
        try:
            pb_publish(round=r, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The results are published.")
        return redirect("grants:results", pk=r.pk)


class RoundAwardsView(RoundObjectMixin, View):
    def post(self, request, **kwargs):
        r = self.get_object()
        try:
            awards = pb_make_awards(round=r, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("grants:results", pk=r.pk)
        messages.success(
            request, f"{len(awards)} approved awards were made in {r.fund} for the funded projects."
        )
        return redirect(r.fund)
