import django_filters
from django.db.models import Q
from django.utils import timezone

from partnerships.filters import YesWidget
from partnerships.models import Organisation
from portal.forms import PortalFilterSet
from portal.lookups import LookupFilter

from .models import Award, Fund, MonitoringReturn, PBRound


class FundFilter(PortalFilterSet):
    q = django_filters.CharFilter(label="Search", method="search", help_text="Name, description")
    financial_year = django_filters.NumberFilter(
        label="Financial year starting", help_text="e.g. 2016 for 2016/17"
    )
    route = django_filters.ChoiceFilter(choices=Fund.Route.choices, empty_label="Any")
    status = django_filters.ChoiceFilter(choices=Fund.Status.choices, empty_label="Any")
    funder = django_filters.ModelChoiceFilter(
        label="Funding organisation",
        queryset=Organisation.objects.filter(funds__isnull=False).distinct(),
        empty_label="Any",
    )

    class Meta:
        model = Fund
        fields = ["q", "financial_year", "route", "status", "funder"]

    def search(self, queryset, _name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))


class AwardFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label="Search", method="search", help_text="Title, purpose, recipient"
    )
    fund = LookupFilter(queryset=Fund.objects.all(), help_text="Type part of its name")
    status = django_filters.ChoiceFilter(choices=Award.Status.choices, empty_label="Any")
    route = django_filters.ChoiceFilter(choices=Award.Route.choices, empty_label="Any")
    returns_overdue = django_filters.BooleanFilter(
        label="Monitoring return overdue", method="overdue", widget=YesWidget()
    )
    short_notice = django_filters.BooleanFilter(
        label="Changed at short notice", method="changed_short", widget=YesWidget()
    )

    class Meta:
        model = Award
        fields = ["q", "fund", "status", "route"]

    def search(self, queryset, _name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(purpose__icontains=value)
            | Q(recipient_organisation__name__icontains=value)
            | Q(recipient_partnership__name__icontains=value)
        )

    def overdue(self, queryset, _name, value):
        if value is None:
            return queryset
        late = MonitoringReturn.objects.overdue(timezone.localdate()).values("award_id")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)

    def changed_short(self, queryset, _name, value):
        if value is None:
            return queryset
        from .models import AwardChange

        short = [
            c.award_id
            for c in AwardChange.objects.only("award", "notice_date", "effective_date")
            if c.short_notice
        ]
        return queryset.filter(pk__in=short) if value else queryset.exclude(pk__in=short)


class RoundFilter(PortalFilterSet):
    """The participatory budgets list has no filters: its export takes every round."""

    class Meta:
        model = PBRound
        fields = []
