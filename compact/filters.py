import django_filters
from django.db.models import Q

from partnerships.forms import DateInput
from partnerships.models import Organisation
from portal.forms import PortalFilterSet

from .models import Breach, Code, Compact, Consultation


class BreachFilter(PortalFilterSet):
    stage = django_filters.ChoiceFilter(choices=Breach.Stage.choices, empty_label="Any")
    open = django_filters.ChoiceFilter(
        label="Open or resolved",
        choices=[("open", "Open"), ("resolved", "Resolved")],
        empty_label="Open and resolved",
        method="filter_open",
    )
    code = django_filters.ModelChoiceFilter(
        field_name="commitment__code",
        queryset=Code.objects.select_related("compact").order_by("compact__name", "number"),
        label="Code",
        empty_label="Any",
    )
    organisation = django_filters.ModelChoiceFilter(
        # Only the organisations in the log: the register may hold thousands.
        queryset=Organisation.objects.filter(
            Q(breaches_raised__isnull=False) | Q(breaches_against__isnull=False)
        )
        .distinct()
        .order_by("name"),
        method="filter_organisation",
        label="Organisation",
        empty_label="Any",
        help_text="Raised by or against it.",
    )
    raised_after = django_filters.DateFilter(
        field_name="raised_on", lookup_expr="gte", label="Raised on or after", widget=DateInput()
    )
    raised_before = django_filters.DateFilter(
        field_name="raised_on", lookup_expr="lte", label="Raised on or before", widget=DateInput()
    )

    class Meta:
        model = Breach
        fields = ["stage", "open", "code", "organisation", "raised_after", "raised_before"]

    def filter_open(self, queryset, _name, value):
        if value == "open":
            return queryset.filter(closed_on__isnull=True)
        if value == "resolved":
            return queryset.filter(closed_on__isnull=False)
        return queryset

    def filter_organisation(self, queryset, _name, value):
        return queryset.filter(Q(raised_by=value) | Q(against=value)) if value else queryset


class ConsultationFilter(PortalFilterSet):
    q = django_filters.CharFilter(label="Search", method="search", help_text="Title, owner")
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(compact_consultations__isnull=False)
        .distinct()
        .order_by("name"),
        label="Consulting body",
        empty_label="Any",
    )
    started_after = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label="Started on or after", widget=DateInput()
    )

    class Meta:
        model = Consultation
        fields = ["q", "organisation", "started_after"]

    def search(self, queryset, _name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(owner__icontains=value))


class CompactFilter(PortalFilterSet):
    """The Compact list has no filters: its export takes every Compact."""

    class Meta:
        model = Compact
        fields = []
