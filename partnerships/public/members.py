"""Public pages: members. A member's record as the public sees it: their roles on the public
boards (current and past), their register of interests and their attendance at those boards'
meetings; nothing of a board that is not public, and no e-mail address or phone number."""

from django.http import Http404
from django.urls import path
from django.views.generic import DetailView

from portal.access import PUBLIC
from portal.views import PermissionMixin

from ..members import member_record, person_memberships
from ..models import Membership
from . import public_boards


def public_memberships():
    """Memberships, current or past, of the boards open to the public."""
    return Membership.objects.filter(board__in=public_boards()).select_related(
        "board__partnership", "organisation", "user__organisation", "contact__organisation"
    )


class PublicMemberView(PermissionMixin, DetailView):
    access_rule = PUBLIC
    template_name = "public/member.html"
    context_object_name = "membership"

    def get_queryset(self):
        return public_memberships()

    def get_object(self, queryset=None):
        try:
            return super(PermissionMixin, self).get_object(queryset)
        except (ValueError, TypeError) as exc:
            raise Http404("No such page.") from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = self.object
        memberships = public_memberships().filter(pk__in=person_memberships(membership))
        context.update(member_record(membership, memberships))
        return context


urlpatterns = [
    path("members/<int:pk>/", PublicMemberView.as_view(), name="member"),
]
