from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone

from partnerships.forms import DateInput, _dates
from partnerships.models import Board, Organisation, Outcome, Partnership
from portal.forms import PortalForm, PortalModelForm, SearchableCheckboxSelectMultiple

from .models import Award, AwardChange, Fund, Payment, PBProject, PBRound
from .models.pb import normalise_code
from .services import money


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _outcomes():
    return Outcome.objects.select_related("strategy").order_by("strategy__name", "number")


class FundForm(PortalModelForm):
    class Meta:
        model = Fund
        fields = [
            "name",
            "financial_year",
            "budget",
            "funder",
            "board",
            "route",
            "standard_amount",
            "outcomes",
            "status",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcomes": SearchableCheckboxSelectMultiple,
        }
        labels = {"budget": "Budget (£)", "standard_amount": "Standard award (£)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].queryset = _outcomes()
        self.fields["funder"].queryset = Organisation.objects.filter(active=True)
        self.fields["board"].queryset = Board.objects.select_related("partnership").order_by(
            "partnership__name", "name"
        )


class AwardForm(PortalModelForm):
    # When the award was last saved, as the page showed it: a save from a page opened before
    # someone else's change (a funding reduction, say) is refused rather than undoing it.
    opened_at = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Award
        fields = [
            "fund",
            "recipient_organisation",
            "recipient_partnership",
            "title",
            "purpose",
            "amount",
            "outcomes",
            "route",
            "start_date",
            "end_date",
            "recurring",
            "monitoring_frequency",
        ]
        widgets = {
            **_dates("start_date", "end_date"),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "outcomes": SearchableCheckboxSelectMultiple,
        }
        labels = {"amount": "Amount (£)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A closed fund takes no new awards, but its own awards stay editable.
        self.fields["fund"].queryset = Fund.objects.filter(
            ~Q(status=Fund.Status.CLOSED) | Q(pk=self.instance.fund_id)
        )
        self.fields["outcomes"].queryset = _outcomes()
        self.fields["recipient_organisation"].queryset = Organisation.objects.filter(active=True)
        self.fields["recipient_partnership"].queryset = Partnership.objects.exclude(
            status=Partnership.Status.DISSOLVED
        )
        if self.instance.pk and self.instance.is_committed:
            self.fields["fund"].disabled = True
        if not self.instance.pk and not self.initial.get("amount"):
            fund = self.initial.get("fund")
            if isinstance(fund, Fund) and fund.standard_amount:
                self.initial["amount"] = fund.standard_amount
        if self.instance.pk and self.instance.updated_at:
            self.fields["opened_at"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self.instance._opened_at = cleaned.get("opened_at") or None
        return cleaned


class PaymentForm(PortalModelForm):
    class Meta:
        model = Payment
        fields = ["due_date", "amount", "paid_date", "reference"]
        widgets = _dates("due_date", "paid_date")
        labels = {"amount": "Amount (£)"}

    def clean_paid_date(self):
        paid = self.cleaned_data.get("paid_date")
        if paid and paid > timezone.localdate():
            raise forms.ValidationError("A payment cannot be recorded as paid in the future.")
        return paid


class ScheduleForm(PortalForm):
    instalments = forms.IntegerField(
        min_value=1,
        max_value=24,
        initial=4,
        help_text="What is left to schedule is split into this many equal instalments.",
    )


class MarkPaidForm(PortalForm):
    paid_date = forms.DateField(widget=DateInput(), initial=timezone.localdate)


class AwardChangeForm(PortalModelForm):
    required_when = {
        "new_amount": ("kind", AwardChange.Kind.REDUCE, "Give the award's new (lower) total.")
    }

    class Meta:
        model = AwardChange
        fields = ["kind", "notice_date", "effective_date", "new_amount", "reason"]
        widgets = {**_dates("notice_date", "effective_date"), "reason": forms.Textarea({"rows": 3})}
        labels = {"new_amount": "New amount (£)"}


class RollForwardForm(PortalForm):
    uplift_percent = forms.DecimalField(
        label="Uplift (%)",
        initial=Decimal("0"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("-99.99"),
        max_value=Decimal("100"),
        help_text="0 keeps the amounts as they are (no inflation uplift).",
    )


class ReturnForm(PortalForm):
    spend_to_date = forms.DecimalField(
        label="Spend to date (£)", min_value=Decimal("0"), max_digits=12, decimal_places=2
    )
    narrative = forms.CharField(
        label="Progress", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = list(outcomes)
        for outcome in self.outcomes:
            self.fields[f"outcome_{outcome.pk}"] = forms.CharField(
                label=f"Evidence against outcome {outcome}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def evidence(self) -> dict:
        return {o: self.cleaned_data.get(f"outcome_{o.pk}", "") for o in self.outcomes}


class PBRoundForm(PortalModelForm):
    required_when = {
        "max_choices": (
            "rule",
            PBRound.Rule.APPROVAL,
            "The approval rule needs k, the most projects to choose.",
        )
    }

    class Meta:
        model = PBRound
        fields = [
            "name",
            "fund",
            "area_board",
            "budget",
            "description",
            "voting_opens",
            "voting_closes",
            "rule",
            "max_choices",
        ]
        widgets = {
            "voting_opens": DateTimeInput(),
            "voting_closes": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"budget": "Budget (£)", "area_board": "Area board"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Fund.objects.filter(route=Fund.Route.PARTICIPATORY)
        self.fields["area_board"].queryset = Partnership.objects.exclude(
            status=Partnership.Status.DISSOLVED
        ).order_by("kind", "name")
        # What the ballots were cast under is shown but fixed (the model refuses it too).
        fixed = []
        if self.instance.pk and self.instance.ballots.exists():
            fixed += ["fund", "budget", "rule", "max_choices"]
        if self.instance.results_published_at:
            fixed += ["voting_opens", "voting_closes"]
        for name in fixed:
            self.fields[name].disabled = True
            self.fields[name].help_text = "Fixed: ballots have been cast in this round."


class ScreeningSelect(forms.NullBooleanSelect):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [
            ("unknown", "Not yet screened"),
            ("true", "Eligible"),
            ("false", "Not eligible"),
        ]


class PBProjectForm(PortalModelForm):
    eligible = forms.NullBooleanField(widget=ScreeningSelect, label="Screening", required=False)

    class Meta:
        model = PBProject
        fields = [
            "title",
            "cost",
            "ward",
            "description",
            "organisation",
            "eligible",
            "screening_note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "screening_note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"cost": "Cost (£)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.round.ballots.exists():
            for name in ("cost", "eligible"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Fixed: ballots have been cast in this round."


class VoterCodesForm(PortalForm):
    count = forms.IntegerField(label="How many codes", min_value=1, max_value=5000, initial=100)


class BallotForm(PortalForm):
    """The choices on a ballot; online ballots need a code, paper ballots their number."""

    code = forms.CharField(
        label="Your voter code",
        max_length=30,
        required=False,
        help_text="The code on the card or letter you were given, e.g. ABCD EFGH 23.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    projects = forms.MultipleChoiceField(
        label="Projects", widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args, round: PBRound, paper: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.paper = paper
        self.eligible = list(round.projects.filter(eligible=True).order_by("title"))
        self.fields["projects"].choices = [
            (str(p.pk), f"{p.title} ({p.ward}) — {money(p.cost)}") for p in self.eligible
        ]
        if round.rule == PBRound.Rule.APPROVAL:
            self.fields["projects"].help_text = f"Choose up to {round.max_choices} projects."
        else:
            self.fields[
                "projects"
            ].help_text = (
                f"Choose any projects whose costs add up to no more than {money(round.budget)}."
            )
        if paper:
            self.fields["paper_reference"] = forms.CharField(
                label="Paper ballot number", max_length=50
            )
            self.fields["code"].label = "Voter code on the paper (if any)"
            self.fields["code"].help_text = ""
            self.order_fields(["paper_reference", "code", "projects"])
        else:
            self.fields["code"].required = True

    def clean_code(self):
        return normalise_code(self.cleaned_data.get("code", ""))

    def chosen(self) -> list[PBProject]:
        ids = {int(pk) for pk in self.cleaned_data.get("projects", [])}
        return [p for p in self.eligible if p.pk in ids]
