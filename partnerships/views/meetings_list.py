"""Meetings across every board the user may see: the officers' list, with its CSV."""

from urllib.parse import urlencode

from django.db.models import Exists, Min, OuterRef, Q
from django.urls import reverse
from django_filters.views import FilterView

from portal.exports import CsvExportView
from portal.permissions import is_administrator
from portal.views import FilteredListMixin, PermissionMixin

from ..filters import MeetingFilter
from ..models import AgendaPack, Meeting, Partnership
from ..permissions import visible_to

# Meetings are read on their partnership's terms (the meeting page's rule); the list is open
# to every role, and shows each person only the meetings whose pages they may open.
LIST_RULE = "partnerships.list_partnerships"


def meetings_for_list(user):
    """The meetings ``user`` may open, each with its board, its partnership and its pack's
    state (``has_pack``, ``pack_published_at``), in a fixed number of queries."""
    packs = AgendaPack.objects.filter(meeting=OuterRef("pk"))
    if not is_administrator(user):
        # Before publication, a pack is seen by those who keep its partnership, as on the
        # meeting page.
        packs = packs.filter(
            Q(published_at__isnull=False)
            | Q(meeting__board__partnership__in=Partnership.objects.kept_by(user))
        )
    return (
        visible_to(Meeting.objects.all(), user)
        .select_related("board__partnership")
        .annotate(
            has_pack=Exists(packs),
            pack_published_at=Min("packs__published_at"),
        )
        .order_by("start", "pk")
    )


def pack_state(meeting) -> str:
    """The meeting's pack, in the words of the list's filter."""
    if meeting.pack_published_at is not None:
        return "published"
    return "draft" if meeting.has_pack else "none"


def pack_state_label(meeting) -> str:
    return dict(MeetingFilter.PACK_CHOICES)[pack_state(meeting)]


class MeetingListView(PermissionMixin, FilteredListMixin, FilterView):
    permission_required = LIST_RULE
    filterset_class = MeetingFilter
    template_name = "partnerships/meeting_list.html"
    context_object_name = "meetings"

    def get_queryset(self):
        return meetings_for_list(self.request.user)

    @property
    def uses_default_window(self) -> bool:
        """No filter asked for (a page number aside): the next 30 days."""
        names = set(self.filterset_class.base_filters)
        return not names.intersection(self.request.GET)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if self.uses_default_window:
            kwargs["data"] = MeetingFilter.default_data()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        list_url = reverse("partnerships:meeting_list")
        default = self.uses_default_window
        if default:
            # The pages of the default window keep its dates, and the count says "match".
            context["querystring"] = urlencode(MeetingFilter.default_data())
        for meeting in context["meetings"]:
            meeting.pack_state = pack_state(meeting)
            meeting.pack_state_label = pack_state_label(meeting)
        context.update(
            default_window=default,
            default_days=MeetingFilter.DEFAULT_DAYS,
            all_dates_url=f"{list_url}?{urlencode({'date_from': '', 'date_to': ''})}",
        )
        return context

    def get_breadcrumbs(self):
        return [("Meetings", None)]


class MeetingExportView(CsvExportView):
    permission_required = LIST_RULE
    export_name = "meetings"
    list_url_name = "partnerships:meeting_list"
