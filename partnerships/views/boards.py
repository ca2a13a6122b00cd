"""Boards, their members and seats, and their delivery plans; strategies and outcomes."""

from collections import Counter

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from portal.views import (
    BreadcrumbMixin,
    HistoryView,
    ParentMixin,
    PermissionMixin,
    RecordFormMixin,
    safe_next,
)

from ..calendar import feed_token
from ..forms import (
    ActionForm,
    BoardForm,
    BoardSeatForm,
    ContactForm,
    KeyDecisionForm,
    MembershipForm,
    OutcomeForm,
    StrategyForm,
)
from ..models import (
    Action,
    Board,
    BoardSeat,
    Contact,
    KeyDecision,
    Membership,
    Outcome,
    Strategy,
)
from .partnerships import VIEW, ChildCreateView, ChildUpdateView, register_crumb

# Members who take up an organisation's seat (substitutes, observers and officers do not).
SEATED_ROLES = {Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.MEMBER}


class BoardCreateView(ChildCreateView):
    model = Board
    form_class = BoardForm
    noun = "board"
    success_message = "{} was added."


class BoardUpdateView(ChildUpdateView):
    model = Board
    form_class = BoardForm
    noun = "board"
    success_message = "Your changes to {} were saved."


class BoardDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Board
    view_permission = VIEW
    template_name = "partnerships/board_detail.html"

    def get_queryset(self):
        return Board.objects.select_related("partnership").prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user", "contact", "organisation"),
            ),
            Prefetch("seats", queryset=BoardSeat.objects.select_related("organisation")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memberships = list(self.object.memberships.all())
        current = [m for m in memberships if m.is_current]
        role_order = list(Membership.Role.values)
        current.sort(key=lambda m: (role_order.index(m.role), m.person_name))
        filled = Counter(m.organisation_id for m in current if m.role in SEATED_ROLES)
        context["current_members"] = current
        context["past_members"] = sorted(
            (m for m in memberships if not m.is_current), key=lambda m: m.end_date, reverse=True
        )
        context["seats"] = [
            {
                "seat": seat,
                "filled": filled[seat.organisation_id],
                "vacancies": max(seat.seats - filled[seat.organisation_id], 0),
            }
            for seat in self.object.seats.all()
        ]
        # Twenty meetings a page, newest first: a board that has met for years costs no more.
        meetings = Paginator(self.object.meetings.order_by("-start", "pk"), 20)
        page = meetings.get_page(self.request.GET.get("page"))
        context.update(meetings=list(page.object_list), page_obj=page, querystring="")
        context["forward_plan"] = list(
            self.object.key_decisions.filter(
                decision_date__gte=timezone.localdate()
            ).select_related("meeting")
        )
        token = feed_token(user=self.request.user, board=self.object)
        context["calendar_url"] = self.request.build_absolute_uri(
            reverse("partnerships:calendar", args=[token])
        )
        context["actions"] = list(
            Action.objects.for_plan()
            .filter(board=self.object)
            .order_by("outcome__strategy__name", "outcome__number", "due_date")
        )
        return context

    def get_breadcrumbs(self):
        partnership = self.object.partnership
        return [
            register_crumb(),
            (partnership.name, partnership.get_absolute_url()),
            (self.object.name, None),
        ]


class BoardHistoryView(HistoryView):
    model = Board
    view_permission = VIEW
    permission_required = "partnerships.view_partnership_history"


class BoardChildCreateView(ChildCreateView):
    parent_model = Board
    parent_field = "board"

    def get_parent_queryset(self):
        return Board.objects.select_related("partnership")


class BoardChildUpdateView(ChildUpdateView):
    parent_field = "board"

    def get_queryset(self):
        return self.model._default_manager.select_related("board", "board__partnership")


class SeatCreateView(BoardChildCreateView):
    model = BoardSeat
    form_class = BoardSeatForm
    noun = "seat allocation"
    success_message = "The seats were recorded."


class SeatUpdateView(BoardChildUpdateView):
    model = BoardSeat
    form_class = BoardSeatForm
    noun = "seat allocation"
    success_message = "The seats were updated."


class MembershipCreateView(BoardChildCreateView):
    model = Membership
    form_class = MembershipForm
    noun = "member"
    success_message = "{} was added."


class MembershipUpdateView(BoardChildUpdateView):
    model = Membership
    form_class = MembershipForm
    noun = "membership"
    success_message = "{} was updated."


class ContactCreateView(PermissionMixin, RecordFormMixin, CreateView):
    model = Contact
    form_class = ContactForm
    permission_required = "partnerships.add_partnership"
    success_message = "{} was added as a contact. You can now add them to a board."
    submit_label = "Add contact"

    def get_page_title(self):
        return "Add a contact without a login"

    def get_success_url(self):
        return safe_next(self.request, reverse("partnerships:partnership_list"))

    def get_cancel_url(self):
        return self.get_success_url()

    def get_breadcrumbs(self):
        return [register_crumb(), (self.get_page_title(), None)]


class ActionCreateView(BoardChildCreateView):
    model = Action
    form_class = ActionForm
    noun = "delivery plan action"
    success_message = "The action was added to the delivery plan."

    def get_success_url(self):
        return self.parent.get_absolute_url() + "#delivery-plan"


class ActionUpdateView(BoardChildUpdateView):
    model = Action
    form_class = ActionForm
    noun = "action"
    success_message = "The action was updated."

    def get_success_url(self):
        return self.parent.get_absolute_url() + "#delivery-plan"


class ActionHistoryView(HistoryView):
    model = Action
    view_permission = VIEW
    permission_required = "partnerships.view_partnership_history"

    def get_queryset(self):
        return Action.objects.select_related("board", "board__partnership")


# --- strategies ----------------------------------------------------------------------------


def strategies_crumb():
    return ("Strategies", reverse("partnerships:strategy_list"))


class StrategyListView(PermissionMixin, BreadcrumbMixin, ListView):
    permission_required = "partnerships.view_strategy"
    template_name = "partnerships/strategy_list.html"
    context_object_name = "strategies"

    def get_queryset(self):
        return Strategy.objects.select_related("owner").prefetch_related("outcomes")

    def get_breadcrumbs(self):
        return [("Strategies", None)]


class StrategyDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Strategy
    view_permission = "partnerships.view_strategy"
    template_name = "partnerships/strategy_detail.html"

    def get_queryset(self):
        return Strategy.objects.select_related("owner").prefetch_related(
            Prefetch(
                "outcomes__actions",
                queryset=Action.objects.select_related(
                    "board", "board__partnership", "owner"
                ).order_by("board__partnership__name", "board__name", "due_date"),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        outcomes = list(self.object.outcomes.all())
        for outcome in outcomes:
            counts = Counter(a.rag for a in outcome.actions.all())
            outcome.rag_summary = [
                (value, label, counts[value])
                for value, label in Action.Rag.choices
                if counts[value]
            ]
        context["outcomes"] = outcomes
        return context

    def get_breadcrumbs(self):
        return [strategies_crumb(), (self.object.name, None)]


class StrategyCreateView(PermissionMixin, RecordFormMixin, CreateView):
    model = Strategy
    form_class = StrategyForm
    permission_required = "partnerships.add_strategy"
    success_message = "{} was added."
    submit_label = "Add strategy"

    def get_page_title(self):
        return "Add a strategy"

    def get_cancel_url(self):
        return reverse("partnerships:strategy_list")

    def get_breadcrumbs(self):
        return [strategies_crumb(), ("Add a strategy", None)]


class StrategyUpdateView(PermissionMixin, RecordFormMixin, UpdateView):
    model = Strategy
    form_class = StrategyForm
    view_permission = "partnerships.view_strategy"
    permission_required = "partnerships.change_strategy"
    success_message = "Your changes to {} were saved."

    def get_cancel_url(self):
        return reverse("partnerships:strategy_detail", args=[self.object.pk])

    def get_page_title(self):
        return "Edit the strategy"

    def get_breadcrumbs(self):
        return [strategies_crumb(), (self.get_page_title(), None)]


class OutcomeCreateView(PermissionMixin, ParentMixin, RecordFormMixin, CreateView):
    model = Outcome
    form_class = OutcomeForm
    parent_model = Strategy
    parent_field = "strategy"
    parent_view_permission = "partnerships.view_strategy"
    parent_permission = "partnerships.change_strategy"
    success_message = "The outcome was added."

    def get_initial(self):
        return {"number": self.parent.outcomes.count() + 1}

    def get_success_url(self):
        return self.parent.get_absolute_url()

    def get_page_title(self):
        return f"Add an outcome to {self.parent}"

    def get_breadcrumbs(self):
        return [
            strategies_crumb(),
            (self.parent.name, self.parent.get_absolute_url()),
            ("Add an outcome", None),
        ]


class OutcomeUpdateView(PermissionMixin, RecordFormMixin, UpdateView):
    model = Outcome
    form_class = OutcomeForm
    view_permission = "partnerships.view_strategy"
    permission_required = "partnerships.change_strategy"  # its strategy's rule
    success_message = "The outcome was updated."

    def get_queryset(self):
        return Outcome.objects.select_related("strategy", "strategy__owner")

    def get_success_url(self):
        return self.object.strategy.get_absolute_url()

    def get_cancel_url(self):
        return self.object.strategy.get_absolute_url()

    def get_breadcrumbs(self):
        strategy = self.object.strategy
        return [strategies_crumb(), (strategy.name, strategy.get_absolute_url()), ("Edit", None)]


class ContactUpdateView(PermissionMixin, RecordFormMixin, UpdateView):
    model = Contact
    form_class = ContactForm
    # Contacts belong to no partnership: officers keep them, and nobody else sees them.
    view_permission = "partnerships.view_contact"
    permission_required = "partnerships.change_contact"
    success_message = "{} was updated."

    def get_success_url(self):
        return safe_next(self.request, reverse("partnerships:partnership_list"))

    def get_cancel_url(self):
        return self.get_success_url()

    def get_breadcrumbs(self):
        return [register_crumb(), (f"Edit {self.object}", None)]


class KeyDecisionCreateView(BoardChildCreateView):
    model = KeyDecision
    form_class = KeyDecisionForm
    noun = "key decision"
    success_message = "{} was added to the forward plan."

    def get_success_url(self):
        return self.object.get_absolute_url()


class KeyDecisionUpdateView(BoardChildUpdateView):
    model = KeyDecision
    form_class = KeyDecisionForm
    noun = "key decision"
    success_message = "{} was updated."
