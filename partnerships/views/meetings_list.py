"""Meetings across every board the user may see: the officers' list, with its CSV."""

from urllib.parse import urlencode

from django.urls import reverse
from django_filters.views import FilterView

from portal.exports import CsvExportView
from portal.views import FilteredListMixin, PermissionMixin

from ..exports import meetings_for_list, pack_state, pack_state_label
from ..filters import MeetingFilter

# Meetings are read on their partnership's terms (the meeting page's rule); the list is open
# to every role, and shows each person only the meetings whose pages they may open.
LIST_RULE = "partnerships.list_partnerships"


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
