"""The members' record, signed in: a member's profile (their boards, terms, register of
interests and attendance) and the pages that keep their register of interests."""

from functools import cached_property

from django.urls import reverse
from django.views.generic import CreateView, DetailView, UpdateView

from portal.views import BreadcrumbMixin, HistoryView, PermissionMixin, RecordFormMixin

from ..forms import InterestForm
from ..members import member_record, person_memberships
from ..models import Interest, Membership
from ..permissions import visible_to
from .partnerships import VIEW, register_crumb

VIEW_INTEREST = "partnerships.view_interest"
ADD_INTEREST = "partnerships.add_interest"
CHANGE_INTEREST = "partnerships.change_interest"


def profile_queryset():
    return Membership.objects.select_related(
        "board__partnership",
        "organisation",
        "user__organisation",
        "contact__organisation",
    )


def profile_url_for(interest, user) -> str:
    """The profile page of the interest's person, by the first of their memberships the user
    may see (a person's record is reached through a membership)."""
    membership = (
        visible_to(person_memberships(interest), user).order_by("-start_date", "pk").first()
    )
    return reverse("partnerships:member", args=[membership.pk]) if membership else "/"


class MemberDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    """Whoever may see the board sees its member's record; of their other boards, those the
    reader may see too."""

    model = Membership
    view_permission = VIEW
    template_name = "partnerships/member_detail.html"
    context_object_name = "membership"

    def get_queryset(self):
        return profile_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        membership = self.object
        memberships = visible_to(
            profile_queryset().filter(pk__in=person_memberships(membership)), user
        )
        context.update(member_record(membership, memberships))
        context["can_keep"] = user.has_perm(ADD_INTEREST, membership)
        context["can_see_history"] = user.has_perm("partnerships.view_interest_history", membership)
        context["contact_details"] = True
        return context

    def get_breadcrumbs(self):
        board = self.object.board
        return [
            register_crumb(),
            (board.partnership.name, board.partnership.get_absolute_url()),
            (board.name, board.get_absolute_url()),
            (self.object.person_name, None),
        ]


class InterestMixin(RecordFormMixin):
    model = Interest
    form_class = InterestForm
    template_name = "partnerships/member_interest_form.html"

    def get_success_url(self):
        return self.profile_url

    def get_cancel_url(self):
        return self.profile_url


class InterestCreateView(PermissionMixin, InterestMixin, CreateView):
    """The member themself, or an officer who keeps one of their boards, adds an entry."""

    parent_model = Membership
    parent_view_permission = VIEW
    parent_permission = ADD_INTEREST
    success_message = "The interest was added to the register."
    submit_label = "Add to the register"

    def get_parent_queryset(self):
        return profile_queryset()

    @property
    def profile_url(self):
        return reverse("partnerships:member", args=[self.parent.pk])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Interest(user=self.parent.user, contact=self.parent.contact)
        return kwargs

    def get_page_title(self):
        return f"Add an interest to the register of {self.parent.person_name}"

    def get_breadcrumbs(self):
        return [
            register_crumb(),
            (self.parent.board.name, self.parent.board.get_absolute_url()),
            (self.parent.person_name, self.profile_url),
            ("Add an interest", None),
        ]


class InterestUpdateView(PermissionMixin, InterestMixin, UpdateView):
    view_permission = VIEW_INTEREST
    permission_required = CHANGE_INTEREST
    success_message = "The register entry was updated."
    submit_label = "Save changes"

    def get_queryset(self):
        return Interest.objects.select_related("user", "contact")

    @cached_property
    def profile_url(self):
        return profile_url_for(self.object, self.request.user)

    def get_page_title(self):
        return f"Edit or end an interest of {self.object.person}"

    def get_breadcrumbs(self):
        return [
            register_crumb(),
            (str(self.object.person), self.profile_url),
            ("Edit an interest", None),
        ]


class InterestHistoryView(HistoryView):
    model = Interest
    view_permission = VIEW_INTEREST
    permission_required = "partnerships.view_interest_history"
    template_name = "partnerships/member_interest_history.html"

    def get_queryset(self):
        return Interest.objects.select_related("user", "contact")

    def get_context_data(self, **kwargs):
        self.profile_url = profile_url_for(self.object, self.request.user)
        context = super().get_context_data(**kwargs)
        context["profile_url"] = self.profile_url
        return context

    def get_breadcrumbs(self):
        return [
            register_crumb(),
            (str(self.object.person), self.profile_url),
            ("History of an interest", None),
        ]
