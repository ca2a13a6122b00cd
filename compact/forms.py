from django import forms
from django.utils import timezone

from partnerships.forms import DateInput
from partnerships.models import Meeting, Organisation, Partnership
from portal.forms import FILLED, PortalForm, PortalModelForm, SearchableCheckboxSelectMultiple

from .models import (
    SECTOR_OF,
    ActionPlanItem,
    Assessment,
    AssessmentRound,
    Breach,
    Code,
    Commitment,
    Compact,
    Consultation,
    Endorsement,
    HandbookSection,
    Rating,
    SectionVersion,
)


def _dates(*names):
    return {name: DateInput() for name in names}


def _meetings():
    return Meeting.objects.select_related("board").order_by("-start")


def _participating_organisations():
    return Organisation.objects.filter(active=True, sector__in=list(SECTOR_OF)).order_by("name")


class CompactForm(PortalModelForm):
    required_when = {
        "adopted_date": (
            "status",
            Compact.Status.ADOPTED,
            "Give the date the Compact was adopted.",
        )
    }

    class Meta:
        model = Compact
        fields = ["name", "area", "status", "version", "adopted_date", "partnership", "summary"]
        widgets = {**_dates("adopted_date"), "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.order_by("name")


class CodeForm(PortalModelForm):
    class Meta:
        model = Code
        fields = ["number", "title", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class CommitmentForm(PortalModelForm):
    required_when = {
        "check_number": ("check_kind", FILLED, "Give the number this check uses."),
        "check_kind": ("check_number", FILLED, "Choose what the number is checked against."),
    }

    class Meta:
        model = Commitment
        fields = ["number", "text", "whose", "check_kind", "check_number"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "number": "Commitment number",
            "whose": "Whose commitment",
            "check_number": "Weeks, months or days for the check",
        }


class EndorsementForm(PortalModelForm):
    class Meta:
        model = Endorsement
        fields = [
            "organisation",
            "version",
            "endorsed_on",
            "endorsed_by",
            "meeting",
            "minute_reference",
        ]
        widgets = _dates("endorsed_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["meeting"].queryset = _meetings()


class ConsultationForm(PortalModelForm):
    class Meta:
        model = Consultation
        fields = [
            "title",
            "organisation",
            "owner",
            "start_date",
            "end_date",
            "consultees",
            "groups_affected",
            "formative_stage",
            "reasons_given",
            "adequate_time",
            "responses_considered",
            "shorter_reason",
            "outcome",
        ]
        widgets = {
            **_dates("start_date", "end_date"),
            "consultees": forms.Textarea(attrs={"rows": 2}),
            "groups_affected": forms.Textarea(attrs={"rows": 2}),
            "shorter_reason": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class RoundForm(PortalModelForm):
    participants = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        widget=SearchableCheckboxSelectMultiple,
        help_text="Each organisation rates the commitments that apply to its sector. One that "
        "has started answering stays in the round.",
    )

    class Meta:
        model = AssessmentRound
        fields = ["title", "period_start", "period_end", "status"]
        widgets = _dates("period_start", "period_end")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _participating_organisations()
        if self.instance.pk:
            self.initial["participants"] = list(
                self.instance.assessments.values_list("organisation_id", flat=True)
            )


class AssessmentForm(PortalForm):
    """One rating and its evidence for each commitment that applies to the organisation."""

    def __init__(self, *args, assessment: Assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.commitments = list(assessment.commitments())
        ratings = {r.commitment_id: r for r in assessment.ratings.all()}
        self.rows = []
        for c in self.commitments:
            rating = ratings.get(c.pk)
            # A rating once given is changed, not taken back: "not yet rated" is offered only
            # until then (choosing it later would look saved and change nothing).
            value = forms.ChoiceField(
                label=f"Rating for {c.reference}",
                choices=([] if rating else [("", "Not yet rated")]) + Rating.Value.choices,
                required=rating is not None,
                initial=rating.value if rating else "",
            )
            evidence = forms.CharField(
                label=f"Evidence for {c.reference}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=rating.evidence if rating else "",
            )
            self.fields[f"value_{c.pk}"] = value
            self.fields[f"evidence_{c.pk}"] = evidence
            self.rows.append((c, self[f"value_{c.pk}"], self[f"evidence_{c.pk}"], rating))

    def answers(self) -> dict:
        return {
            c.pk: (self.cleaned_data[f"value_{c.pk}"], self.cleaned_data[f"evidence_{c.pk}"])
            for c in self.commitments
        }


class ActionPlanItemForm(PortalModelForm):
    class Meta:
        model = ActionPlanItem
        fields = ["item", "owner", "organisation", "commitment", "due_date", "status"]
        widgets = {**_dates("due_date"), "item": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        compact_id = self.instance.round.compact_id
        self.fields["commitment"].queryset = Commitment.objects.filter(
            code__compact_id=compact_id
        ).select_related("code")
        self.fields["organisation"].queryset = Organisation.objects.filter(
            compact_assessments__round_id=self.instance.round_id
        ).order_by("name")


class GapsForm(PortalForm):
    due_date = forms.DateField(
        required=False, widget=DateInput(), help_text="When the new actions are due, if known."
    )


class BreachForm(PortalModelForm):
    required_when = {
        "outcome": ("closed_on", FILLED, "Record the outcome when the breach is resolved.")
    }

    class Meta:
        model = Breach
        fields = [
            "commitment",
            "raised_by",
            "against",
            "raised_on",
            "what_happened",
            "stage",
            "outcome",
            "closed_on",
        ]
        widgets = {
            **_dates("raised_on", "closed_on"),
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = Commitment.objects.filter(
            code__compact_id=self.instance.compact_id
        ).select_related("code")
        organisations = Organisation.objects.order_by("name")
        self.fields["raised_by"].queryset = organisations
        self.fields["against"].queryset = organisations
        if not self.instance.pk:
            self.initial.setdefault("raised_on", timezone.localdate())


class SectionForm(PortalModelForm):
    class Meta:
        model = HandbookSection
        fields = ["number", "title", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}


class VersionForm(PortalModelForm):
    class Meta:
        model = SectionVersion
        fields = ["content", "change_note"]
        widgets = {"content": forms.Textarea(attrs={"rows": 14})}


class EndorseForm(PortalForm):
    endorsed_on = forms.DateField(widget=DateInput(), initial=timezone.localdate)
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        help_text="The meeting where partners endorsed it, if it is in the portal.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = _meetings()
