"""Filters for the API's lists that have no list page of their own (the others reuse each
app's FilterSet). Ids are plain numbers, so a filter never says whether a record exists."""

import django_filters

from compact.models import Code, Commitment
from partnerships.models import Board, Meeting, Membership, Report
from portal.forms import PortalFilterSet


class BoardFilter(PortalFilterSet):
    partnership = django_filters.NumberFilter(field_name="partnership_id")
    kind = django_filters.ChoiceFilter(choices=Board.Kind.choices)
    public = django_filters.BooleanFilter()

    class Meta:
        model = Board
        fields = ["partnership", "kind", "public"]


class MembershipFilter(PortalFilterSet):
    board = django_filters.NumberFilter(field_name="board_id")
    partnership = django_filters.NumberFilter(field_name="board__partnership_id")
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices)
    current = django_filters.BooleanFilter(method="filter_current")

    class Meta:
        model = Membership
        fields = ["board", "partnership", "role", "current"]

    def filter_current(self, queryset, _name, value):
        if value is None:
            return queryset
        current = Membership.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class MeetingFilter(PortalFilterSet):
    board = django_filters.NumberFilter(field_name="board_id")
    partnership = django_filters.NumberFilter(field_name="board__partnership_id")
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices)
    start_after = django_filters.DateFilter(field_name="start", lookup_expr="date__gte")
    start_before = django_filters.DateFilter(field_name="start", lookup_expr="date__lte")

    class Meta:
        model = Meeting
        fields = ["board", "partnership", "status", "start_after", "start_before"]


class ReportFilter(PortalFilterSet):
    meeting = django_filters.NumberFilter(field_name="agenda_item__meeting_id")
    board = django_filters.NumberFilter(field_name="agenda_item__meeting__board_id")
    status = django_filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in (Report.Status.CLEARED, Report.Status.PUBLISHED)]
    )
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title")

    class Meta:
        model = Report
        fields = ["meeting", "board", "status", "q"]


class CodeFilter(PortalFilterSet):
    compact = django_filters.NumberFilter(field_name="compact_id")

    class Meta:
        model = Code
        fields = ["compact"]


class CommitmentFilter(PortalFilterSet):
    compact = django_filters.NumberFilter(field_name="code__compact_id")
    code = django_filters.NumberFilter(field_name="code_id")
    whose = django_filters.ChoiceFilter(choices=Commitment.Whose.choices)
    checked = django_filters.BooleanFilter(method="filter_checked")

    class Meta:
        model = Commitment
        fields = ["compact", "code", "whose", "checked"]

    def filter_checked(self, queryset, _name, value):
        if value is None:
            return queryset
        return queryset.exclude(check_kind="") if value else queryset.filter(check_kind="")
