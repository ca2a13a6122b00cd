import django_filters
from django.db.models import Q

from .models import Organisation


class ActiveWidget(django_filters.widgets.BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", "Active and inactive"), ("true", "Active"), ("false", "Inactive"))


class OrganisationFilter(django_filters.FilterSet):
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
