import django_filters
from django import forms
from django.db.models import Q

from partnerships.filters import YesWidget
from partnerships.models import Organisation, Partnership
from portal.forms import PortalFilterSet
from portal.lookups import LookupFilter

from .models import Risk, RiskLog, Task, WorkProgramme

PRIORITY_CHOICES = [
    ("1", "Priority 1"),
    ("2", "Priority 2"),
    ("3", "Priority 3"),
    ("none", "Not assessed"),
]


class ProgrammeFilter(PortalFilterSet):
    q = django_filters.CharFilter(label="Search", method="search", help_text="Title")
    partnership = LookupFilter(
        queryset=Partnership.objects.filter(work_programmes__isnull=False).distinct(),
        help_text="Type part of its name",
    )
    status = django_filters.ChoiceFilter(choices=WorkProgramme.Status.choices, empty_label="Any")

    class Meta:
        model = WorkProgramme
        fields = ["q", "partnership", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:  # offer only the partnerships this user may read
            self.filters["partnership"].queryset = (
                Partnership.objects.openable_by(self.request.user)
                .filter(work_programmes__isnull=False)
                .distinct()
            )

    def search(self, queryset, _name, value):
        value = value.strip()
        return queryset.filter(title__icontains=value) if value else queryset


class TaskFilter(PortalFilterSet):
    programme = django_filters.ModelChoiceFilter(
        queryset=WorkProgramme.objects.all(), widget=forms.HiddenInput
    )
    q = django_filters.CharFilter(
        label="Search", method="search", help_text="Title, description, comments"
    )
    priority = django_filters.ChoiceFilter(
        choices=PRIORITY_CHOICES, empty_label="Any", method="filter_priority"
    )
    status = django_filters.ChoiceFilter(choices=Task.Status.choices, empty_label="Any")
    lead_organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(led_tasks__isnull=False).distinct(),
        empty_label="Any",
        null_label="To be identified",
    )
    audit_commission = django_filters.BooleanFilter(
        label="Audit Commission recommendation", widget=YesWidget()
    )
    source = django_filters.CharFilter(lookup_expr="icontains", label="Source contains")
    likelihood = django_filters.NumberFilter(
        field_name="current_assessment__likelihood", label="Likelihood score"
    )
    impact = django_filters.NumberFilter(
        field_name="current_assessment__impact", label="Impact score"
    )

    class Meta:
        model = Task
        fields = [
            "programme",
            "q",
            "priority",
            "status",
            "lead_organisation",
            "audit_commission",
            "source",
            "likelihood",
            "impact",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A programme's list offers the organisations leading its own tasks, not all of the
        # thousands that lead a task somewhere.
        programme = str((self.data or {}).get("programme", ""))
        if programme.isascii() and programme.isdigit() and len(programme) <= 18:
            self.filters["lead_organisation"].queryset = Organisation.objects.filter(
                led_tasks__programme_id=int(programme)
            ).distinct()

    def search(self, queryset, _name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(comments__icontains=value)
        )

    def filter_priority(self, queryset, _name, value):
        if value == "none":
            return queryset.filter(priority__isnull=True)
        return queryset.filter(priority=int(value))


class RiskLogFilter(PortalFilterSet):
    partnership = LookupFilter(
        queryset=Partnership.objects.filter(risk_logs__isnull=False).distinct(),
        help_text="Type part of its name",
    )
    kind = django_filters.ChoiceFilter(choices=RiskLog.Kind.choices, empty_label="Any")

    class Meta:
        model = RiskLog
        fields = ["partnership", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            self.filters["partnership"].queryset = (
                Partnership.objects.openable_by(self.request.user)
                .filter(risk_logs__isnull=False)
                .distinct()
            )


class RiskFilter(PortalFilterSet):
    log = django_filters.ModelChoiceFilter(queryset=RiskLog.objects.all(), widget=forms.HiddenInput)
    q = django_filters.CharFilter(label="Search", method="search", help_text="Risk, cause, effect")
    category = django_filters.ChoiceFilter(choices=Risk.Category.choices, empty_label="Any")
    treatment = django_filters.ChoiceFilter(choices=Risk.Treatment.choices, empty_label="Any")
    status = django_filters.ChoiceFilter(choices=Risk.Status.choices, empty_label="Any")
    review_overdue = django_filters.BooleanFilter(label="Review overdue", widget=YesWidget())
    above_appetite = django_filters.BooleanFilter(
        label="Residual score above appetite", widget=YesWidget()
    )
    residual_likelihood = django_filters.NumberFilter(label="Residual likelihood score")
    residual_impact = django_filters.NumberFilter(label="Residual impact score")

    class Meta:
        model = Risk
        fields = [
            "log",
            "q",
            "category",
            "treatment",
            "status",
            "review_overdue",
            "above_appetite",
            "residual_likelihood",
            "residual_impact",
        ]

    def search(self, queryset, _name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(cause__icontains=value) | Q(effect__icontains=value)
        )
