import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone

from portal.forms import PortalFilterSet
from portal.lookups import LookupFilter

from .forms import DateInput
from .models import Board, Meeting, Organisation, Partnership, Strategy


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

    def search(self, queryset, _name, value):
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

    def search(self, queryset, _name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(purpose__icontains=value) | Q(geography__icontains=value)
        )


class MeetingFilter(PortalFilterSet):
    """The meetings list across boards. With no filter at all the page asks for the next
    ``DEFAULT_DAYS`` days (``default_data``), shown in the date boxes so they can be cleared."""

    DEFAULT_DAYS = 30
    PACK_CHOICES = [
        ("none", "No pack yet"),
        ("draft", "Draft pack (not published)"),
        ("published", "Pack published"),
    ]

    board = LookupFilter(
        queryset=Board.objects.all(),
        search_fields=("name", "partnership__name"),
        help_text="Type part of the board's or its partnership's name",
    )
    date_from = django_filters.DateFilter(
        field_name="start__date",
        lookup_expr="gte",
        label="From",
        widget=DateInput(),
        help_text="The next 30 days unless you change or clear the dates.",
    )
    date_to = django_filters.DateFilter(
        field_name="start__date", lookup_expr="lte", label="To", widget=DateInput()
    )
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices, empty_label="Any")
    pack = django_filters.ChoiceFilter(
        choices=PACK_CHOICES, empty_label="Any", label="Agenda pack", method="filter_pack"
    )

    class Meta:
        model = Meeting
        fields = ["board", "date_from", "date_to", "status", "pack"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:  # offer only the boards whose meetings this user sees
            from .permissions import visible_to

            self.filters["board"].queryset = visible_to(
                Board.objects.select_related("partnership"), self.request.user
            )

    @classmethod
    def default_data(cls, today: datetime.date | None = None) -> dict[str, str]:
        today = today or timezone.localdate()
        end = today + datetime.timedelta(days=cls.DEFAULT_DAYS)
        return {"date_from": today.isoformat(), "date_to": end.isoformat()}

    def filter_pack(self, queryset, _name, value):
        # On the list's annotations (exports.meetings_for_list), which count a draft pack only for
        # those who may see it.
        if value == "none":
            return queryset.filter(has_pack=False)
        if value == "draft":
            return queryset.filter(has_pack=True, pack_published_at__isnull=True)
        if value == "published":
            return queryset.filter(pack_published_at__isnull=False)
        return queryset


class StrategyFilter(PortalFilterSet):
    """The strategies list has no filters: its export takes every strategy."""

    class Meta:
        model = Strategy
        fields = []
