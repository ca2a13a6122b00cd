from django import forms
from django.db.models import Q
from django.utils import timezone

from partnerships.models import Organisation, Partnership
from portal.forms import PortalForm, PortalModelForm

from .models import (
    Risk,
    RiskAction,
    RiskLog,
    RiskMatrix,
    Task,
    TaskAssessment,
    TaskLink,
    WorkProgramme,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def current_matrices():
    return RiskMatrix.objects.filter(next_version__isnull=True)


def scale_help(labels) -> str:
    return "; ".join(f"{n} {label}" for n, label in enumerate(labels, start=1))


class OwnedByPartnershipForm(PortalModelForm):
    """Programmes and risk logs: the partnership is one the user keeps; the matrix is a
    current version (the default first)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = (
            Partnership.objects.kept_by(user).distinct().order_by("name")
        )
        self.fields["matrix"].queryset = current_matrices()
        self.fields["matrix"].empty_label = None
        if not self.instance.pk:
            default = current_matrices().filter(is_default=True).first()
            if default:
                self.initial.setdefault("matrix", default.pk)


class WorkProgrammeForm(OwnedByPartnershipForm):
    class Meta:
        model = WorkProgramme
        fields = [
            "partnership",
            "title",
            "period_start",
            "period_end",
            "status",
            "introduction",
            "matrix",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}


class TaskForm(PortalModelForm):
    # A task kept off the shortlist because it is in hand elsewhere says where.
    required_when = {
        "status_reason": (
            "status",
            Task.Status.IN_HAND_ELSEWHERE,
            'Say where it is in hand, e.g. "Already being addressed with the LAA".',
        )
    }

    class Meta:
        model = Task
        fields = [
            "number",
            "title",
            "description",
            "source",
            "audit_commission",
            "lead_organisation",
            "lead_person",
            "status",
            "status_reason",
            "comments",
            "staff_days",
            "budget",
        ]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Active organisations, and the task's own lead even if it has closed since, so the
        # task can still be edited without losing its history.
        self.fields["lead_organisation"].queryset = Organisation.objects.filter(
            Q(active=True) | Q(pk=self.instance.lead_organisation_id)
        ).order_by("name")
        self.fields["lead_organisation"].empty_label = "To be identified"


class AssessmentForm(PortalModelForm):
    class Meta:
        model = TaskAssessment
        fields = ["likelihood", "impact", "rationale", "assessed_by", "assessed_on"]
        widgets = {"assessed_on": DATE, "rationale": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        matrix = self.instance.matrix
        self.fields[
            "likelihood"
        ].help_text = f"1 to {matrix.likelihood_scale}: {scale_help(matrix.likelihood_labels)}."
        self.fields[
            "impact"
        ].help_text = f"1 to {matrix.impact_scale}: {scale_help(matrix.impact_labels)}."
        if not self.initial.get("assessed_on"):
            self.initial["assessed_on"] = timezone.localdate()

    def clean_assessed_on(self):
        # The assessment with the latest date gives the task its priority: a date still to
        # come would outrank every assessment made before it.
        assessed_on = self.cleaned_data["assessed_on"]
        if assessed_on > timezone.localdate():
            raise forms.ValidationError("An assessment cannot be dated in the future.")
        return assessed_on


class OverrideForm(PortalForm):
    override_priority = forms.TypedChoiceField(
        label="Priority",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "No override (use the computed priority)"), (1, "1"), (2, "2"), (3, "3")],
    )
    override_reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the computed priority does not stand (or why the override is withdrawn).",
    )


class TaskLinkForm(PortalModelForm):
    class Meta:
        model = TaskLink
        fields = ["kind", "to_task", "note"]
        labels = {"kind": "This task", "to_task": "Task"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        task = self.instance.from_task
        self.fields["to_task"].queryset = task.programme.tasks.exclude(pk=task.pk).order_by(
            "number"
        )


class RiskLogForm(OwnedByPartnershipForm):
    class Meta:
        model = RiskLog
        fields = ["partnership", "name", "kind", "description", "matrix", "appetite"]


class RiskForm(PortalModelForm):
    class Meta:
        model = Risk
        fields = [
            "reference",
            "title",
            "cause",
            "effect",
            "category",
            "owner",
            "inherent_likelihood",
            "inherent_impact",
            "controls",
            "residual_likelihood",
            "residual_impact",
            "target_likelihood",
            "target_impact",
            "treatment",
            "status",
            "review_date",
        ]
        widgets = {
            "review_date": DATE,
            "cause": forms.Textarea(attrs={"rows": 2}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "controls": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        matrix = self.instance.log.matrix
        for stage in ("inherent", "residual", "target"):
            self.fields[f"{stage}_likelihood"].help_text = scale_help(matrix.likelihood_labels)
            self.fields[f"{stage}_impact"].help_text = scale_help(matrix.impact_labels)


class RiskActionForm(PortalModelForm):
    class Meta:
        model = RiskAction
        fields = ["description", "owner", "due_date", "status"]
        widgets = {"due_date": DATE, "description": forms.Textarea(attrs={"rows": 2})}
