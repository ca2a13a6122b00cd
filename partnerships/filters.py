import django_filters
from django.db.models import Q

from portal.forms import PortalFilterSet
from portal.lookups import LookupFilter

from .models import Organisation, Partnership


class ActiveWidget(django_filters.widgets.BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", "Active and inactive"), ("true", "Active"), ("false", "Inactive"))


class YesWidget(django_filters.widgets.BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", "Any"), ("true", "Yes"), ("false", "No"))


class OrganisationFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label="Search", method="search", help_text="Name, charity or company number, address"
    )
    sector = django_filters.ChoiceFilter(choices=Organisation.Sector.choices, empty_label="Any")
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, empty_label="Any")
    active = django_filters.BooleanFilter(label="Status", widget=ActiveWidget())

    class Meta:
        model = Organisation
        fields = ["q", "sector", "kind", "active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        number = value.replace(" ", "").upper()
        return queryset.filter(
            Q(name__icontains=value)
            | Q(address__icontains=value)
            | Q(charity_number=number)
            | Q(company_number=number)
        )


class PartnershipFilter(PortalFilterSet):
    q = django_filters.CharFilter(label="Search", method="search", help_text="Name, purpose, area")
    kind = django_filters.ChoiceFilter(choices=Partnership.Kind.choices, empty_label="Any")
    status = django_filters.ChoiceFilter(choices=Partnership.Status.choices, empty_label="Any")
    accountable_body = LookupFilter(
        queryset=Organisation.objects.filter(accountable_for__isnull=False).distinct(),
        help_text="Type part of its name",
    )
    accountable_to = LookupFilter(
        queryset=Partnership.objects.filter(accountable_partnerships__isnull=False).distinct(),
        label="Accountable to",
        help_text="Type part of its name",
    )
    over_threshold = django_filters.BooleanFilter(
        label="Resources over the risk-assessment threshold", widget=YesWidget()
    )
    needs_risk_assessment = django_filters.BooleanFilter(
        label="Over the threshold without a current risk assessment",
        widget=YesWidget(),
    )
    review_overdue = django_filters.BooleanFilter(
        label="Value-for-money review overdue", widget=YesWidget()
    )

    class Meta:
        model = Partnership
        fields = ["q", "kind", "status", "accountable_body", "accountable_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:  # a proposal's name only for those who see proposals
            self.filters["accountable_to"].queryset = (
                Partnership.objects.visible_in_register_to(self.request.user)
                .filter(accountable_partnerships__isnull=False)
                .distinct()
            )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(purpose__icontains=value) | Q(geography__icontains=value)
        )
