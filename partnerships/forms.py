from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from portal.forms import PortalForm, PortalModelForm, SearchableCheckboxSelectMultiple
from portal.widgets import RichTextarea

from .models import (
    Action,
    AgendaItem,
    Appendix,
    Attendance,
    Board,
    BoardSeat,
    Contact,
    Contribution,
    Declaration,
    Interest,
    KeyDecision,
    Meeting,
    MeetingAction,
    Membership,
    Minutes,
    Organisation,
    Outcome,
    Partnership,
    Report,
    RiskAssessment,
    Strategy,
    User,
    ValueForMoneyReview,
    financial_year,
    financial_year_label,
)
from .pdfsafe import check_upload
from .services import ORGANISATION_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _dates(*names):
    return {name: DateInput() for name in names}


class OrganisationForm(PortalModelForm):
    website = forms.URLField(
        required=False,
        assume_scheme="https",
        help_text="The full address, e.g. https://www.cheshireeast.gov.uk",
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        labels = {"active": "Active partner"}


def _people():
    return User.objects.filter(is_active=True).order_by("name", "username")


def _officers(*keep):
    """The officers who may lead or support a partnership, and whoever already does (kept,
    so that saving the partnership does not lose them)."""
    return User.objects.filter(
        Q(pk__in=User.objects.officers().values("pk")) | Q(pk__in=[pk for pk in keep if pk])
    ).order_by("name", "username")


def _council(_form):
    """The council, when it is one of the bodies offered: choosing it as accountable body
    asks for the criteria checked and the risks accepted (as Partnership.clean does)."""
    return Organisation.objects.filter(active=True, name=settings.PORTAL_COUNCIL_NAME).first()


class PartnershipForm(PortalModelForm):
    required_when = {
        "accountable_body_criteria": ("accountable_body", _council),
        "accountable_body_risks": ("accountable_body", _council),
    }

    class Meta:
        model = Partnership
        fields = [
            "name",
            "kind",
            "status",
            "purpose",
            "geography",
            "start_date",
            "end_date",
            "accountable_to",
            "commissioned_by",
            "accountable_body",
            "accountable_body_criteria",
            "accountable_body_risks",
            "lead_officer",
            "supporting_officers",
        ]
        widgets = {
            **_dates("start_date", "end_date"),
            "purpose": forms.Textarea(attrs={"rows": 5}),
            "accountable_body_criteria": forms.Textarea(attrs={"rows": 3}),
            "accountable_body_risks": forms.Textarea(attrs={"rows": 3}),
            "supporting_officers": SearchableCheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Partnership.objects.order_by("name")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["accountable_to"].queryset = others
        self.fields["commissioned_by"].queryset = others
        self.fields["accountable_body"].queryset = Organisation.objects.filter(active=True)
        self.fields["lead_officer"].queryset = _officers(self.instance.lead_officer_id)
        self.fields["lead_officer"].help_text = "Officers of the portal only."
        supporting = self.instance.supporting_officers.all() if self.instance.pk else []
        self.fields["supporting_officers"].queryset = _officers(*(u.pk for u in supporting))
        if self.instance.pk:
            # Only a new partnership falls back to its creator as lead officer.
            self.fields["lead_officer"].required = True
        else:
            self.fields[
                "lead_officer"
            ].help_text = "Officers of the portal only. Leave blank to lead it yourself."


class BoardForm(PortalModelForm):
    class Meta:
        model = Board
        fields = [
            "name",
            "kind",
            "quorum",
            "meeting_frequency",
            "pack_lead_days",
            "report_deadline_days",
        ]


class BoardSeatForm(PortalModelForm):
    class Meta:
        model = BoardSeat
        fields = ["organisation", "seats"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True)


class MembershipForm(PortalModelForm):
    class Meta:
        model = Membership
        fields = [
            "user",
            "contact",
            "organisation",
            "role",
            "voting",
            "start_date",
            "end_date",
        ]
        widgets = _dates("start_date", "end_date")
        labels = {"user": "Portal user", "voting": "Voting member"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _people()
        self.fields["contact"].queryset = Contact.objects.select_related("organisation")
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True)


class ContactForm(PortalModelForm):
    class Meta:
        model = Contact
        fields = ["name", "job_title", "organisation", "email", "phone"]


def _year_choices():
    this_year = financial_year(timezone.localdate())
    return [(y, financial_year_label(y)) for y in range(this_year + 2, 1999, -1)]


class ContributionForm(PortalModelForm):
    financial_year = forms.TypedChoiceField(coerce=int, choices=_year_choices)

    class Meta:
        model = Contribution
        fields = ["financial_year", "organisation", "cash", "in_kind", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("financial_year", financial_year(timezone.localdate()))


class RiskAssessmentForm(PortalModelForm):
    class Meta:
        model = RiskAssessment
        fields = ["assessed_on", "rating", "summary", "next_review_due"]
        widgets = _dates("assessed_on", "next_review_due")


class ValueForMoneyReviewForm(PortalModelForm):
    class Meta:
        model = ValueForMoneyReview
        fields = ["reviewed_on", "outcome", "findings", "next_review_due"]
        widgets = _dates("reviewed_on", "next_review_due")


class StrategyForm(PortalModelForm):
    class Meta:
        model = Strategy
        fields = ["name", "owner", "period_start", "period_end", "vision"]
        widgets = _dates("period_start", "period_end")


class OutcomeForm(PortalModelForm):
    class Meta:
        model = Outcome
        fields = ["number", "title", "description"]


class ActionForm(PortalModelForm):
    class Meta:
        model = Action
        fields = ["title", "outcome", "owner", "measure_of_success", "due_date", "rag", "progress"]
        widgets = {**_dates("due_date"), "progress": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = Outcome.objects.select_related("strategy")
        self.fields["owner"].queryset = _people()


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MeetingForm(PortalModelForm):
    online_link = forms.URLField(label="Online meeting link", required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = [
            "start",
            "venue",
            "online_link",
            "contact_officer",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"start": DateTimeInput()}


class AgendaItemForm(PortalModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "number",
            "title",
            "kind",
            "presenter",
            "report_author",
            "minutes",
            "exempt",
            "exempt_paragraph",
            "public_title",
            "exemption_reason",
            "resolution",
            "minute",
            "votes_for",
            "votes_against",
            "votes_abstained",
        ]
        widgets = {
            "resolution": forms.Textarea(attrs={"rows": 3}),
            "minute": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        from .deadlines import REMIND_WITHIN_WORKING_DAYS, author_choices

        super().__init__(*args, **kwargs)
        field = self.fields["report_author"]
        field.queryset = author_choices(self.instance)
        field.empty_label = "No report expected"
        meeting = self.instance.meeting if self.instance.meeting_id else None
        deadline = f" ({meeting.report_deadline:%A %-d %B %Y})" if meeting else ""
        field.help_text = (
            "The officer or administrator who writes this item's report; leave blank for an "
            "item with no report, such as apologies. They are e-mailed "
            f"{REMIND_WITHIN_WORKING_DAYS} working days before the board's report "
            f"deadline{deadline}, and again if it passes before the report is submitted for "
            "sign-off. A new author is sent both afresh."
        )


class ReportForm(PortalModelForm):
    live_sections = forms.MultipleChoiceField(
        label="Live sections",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tables drawn from the portal's records, kept up to date in the pack.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .sections import choices

        self.fields["live_sections"].choices = choices()

    class Meta:
        model = Report
        fields = [
            "title",
            "report_of",
            "wards_affected",
            "key_decision_ref",
            "description",
            "purpose",
            "decision_required",
            "author",
            "contact_details",
            "publication_date",
            "target_audience",
            "circulation",
            "cross_reference",
            "summary",
            "recommendations",
            "reasons",
            "options",
            "background",
            "legal",
            "financial",
            "human_resources",
            "equality",
            "rural",
            "public_health",
            "risk",
            "background_papers",
            "live_sections",
        ]
        widgets = {
            "publication_date": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ["description", "purpose", "decision_required", "background_papers"]
            },
            "recommendations": forms.Textarea(attrs={"rows": 6}),
            # The body and the implications are rich text (sanitised when the report is saved).
            **{name: RichTextarea(attrs={"rows": 3}) for name, _ in Report.IMPLICATIONS},
            **{name: RichTextarea(attrs={"rows": 6}) for name in Report.BODY_FIELDS},
        }


class SignOffForm(PortalForm):
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Printed with your sign-off, e.g. a condition or what you checked.",
    )


class AppendixForm(PortalModelForm):
    class Meta:
        model = Appendix
        fields = ["title", "order", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf"})}

    def clean_file(self):
        """The upload with its scripts, launch actions and attachments taken out: the stored
        file, which officers download and packs merge, is the safe one."""
        upload = self.cleaned_data.get("file")
        if not upload or getattr(upload, "_committed", False):
            return upload  # nothing new uploaded
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if upload.size > settings.PORTAL_APPENDIX_MAX_BYTES or head != b"%PDF-":
            return upload  # Appendix.clean says what is wrong with it
        return ContentFile(check_upload(upload).data, name=upload.name)


class AttendanceForm(PortalForm):
    """One choice per current member of the board."""

    def __init__(self, *args, memberships, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = memberships
        for m in memberships:
            self.fields[f"m{m.pk}"] = forms.ChoiceField(
                label=f"{m.person_name} ({m.get_role_display().lower()})",
                choices=[("", "Not recorded"), *Attendance.Status.choices],
                required=False,
                initial=current.get(m.pk, ""),
            )

        self.fields["substitute_name"] = forms.CharField(
            label="Substitute attending",
            max_length=150,
            required=False,
            help_text="Someone attending in a member's place.",
        )
        self.fields["substitute_for"] = forms.ChoiceField(
            label="In place of",
            required=False,
            choices=[("", "—"), *((m.pk, m.person_name) for m in memberships)],
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("substitute_name")) != bool(data.get("substitute_for")):
            raise forms.ValidationError(
                "For a substitute, give both their name and the member they replace."
            )
        return data

    def statuses(self) -> dict:
        return {m.pk: self.cleaned_data[f"m{m.pk}"] for m in self.memberships}

    def substitute(self) -> tuple[str, int] | None:
        name = self.cleaned_data.get("substitute_name")
        return (name, int(self.cleaned_data["substitute_for"])) if name else None


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        if membership.organisation_id:
            return f"{membership.person_name} ({membership.organisation})"
        return membership.person_name


class InterestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, interest):
        person = interest.person
        name = person.get_full_name() if hasattr(person, "get_full_name") else person.name
        return f"{name}: {interest.get_kind_display()}, {interest.description[:80]}"


class DeclarationForm(PortalModelForm):
    """A declaration by a member of the board (chosen, so that it links to their record and
    may name an entry of their register of interests) or by someone else (named)."""

    membership = MemberChoiceField(
        label="Member declaring",
        queryset=Membership.objects.none(),
        required=False,
        empty_label="Someone else (give their name below)",
    )
    interest_entry = InterestChoiceField(
        label="Entry in their register of interests",
        queryset=Interest.objects.none(),
        required=False,
        empty_label="None: not in the register",
    )

    class Meta:
        model = Declaration
        fields = ["item", "membership", "member", "interest_entry", "interest", "left_the_room"]
        labels = {
            "member": "Name of someone else declaring",
            "interest": "The interest",
            "left_the_room": "Left the room for the item",
        }
        help_texts = {
            "member": "Only for someone who is not a member of the board.",
            "interest": "The interest and whether it is pecuniary. Left blank, the register "
            "entry's words are used.",
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        day = meeting.local_start.date()
        members = (
            Membership.objects.current(day)
            .filter(board_id=meeting.board_id)
            .select_related("user", "contact", "organisation")
            .order_by("user__name", "contact__name", "pk")
        )
        self.fields["membership"].queryset = members
        self.fields["interest_entry"].queryset = (
            Interest.objects.filter(
                Q(user__in=members.filter(user__isnull=False).values("user"))
                | Q(contact__in=members.filter(contact__isnull=False).values("contact")),
                Q(start_date__isnull=True) | Q(start_date__lte=day),
                Q(end_date__isnull=True) | Q(end_date__gte=day),
            )
            .select_related("user", "contact")
            .order_by("user__name", "contact__name", "kind", "pk")
        )
        self.fields["member"].required = False
        self.fields["interest"].required = False

    def clean(self):
        data = super().clean()
        membership = data.get("membership")
        entry = data.get("interest_entry")
        if membership is not None:
            data["member"] = membership.person_name
        elif not data.get("member") and "member" not in self.errors:
            self.add_error(
                "member", "Choose the member declaring, or give the name of someone else."
            )
        if entry is not None:
            if membership is None or (entry.user_id, entry.contact_id) != (
                membership.user_id,
                membership.contact_id,
            ):
                self.add_error(
                    "interest_entry", "Choose an entry from the declaring member's own register."
                )
            elif not data.get("interest"):
                data["interest"] = f"{entry.get_kind_display()}: {entry.description}"
        if not data.get("interest") and "interest" not in self.errors:
            self.add_error("interest", "Say what the interest is, or choose a register entry.")
        return data


class InterestForm(PortalModelForm):
    """An entry in a member's register of interests; ending it means giving its "to" date."""

    class Meta:
        model = Interest
        fields = ["kind", "description", "start_date", "end_date"]
        widgets = {
            **_dates("start_date", "end_date"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"start_date": "From", "end_date": "To"}
        help_texts = {"end_date": "Give the date it ended to end it; blank while it stands."}


class MeetingActionForm(PortalModelForm):
    class Meta:
        model = MeetingAction
        fields = ["item", "description", "owner", "due_date", "status"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = self.instance.meeting.items.all()
        self.fields["item"].required = False


class MinutesForm(PortalModelForm):
    class Meta:
        model = Minutes
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 8})}


class VotesForm(PortalForm):
    """The vote on a decision item: the counts, or how each voting member voted (the counts
    are then worked out from the named votes)."""

    COUNTS = (
        ("votes_for", "For"),
        ("votes_against", "Against"),
        ("votes_abstained", "Abstained"),
    )

    def __init__(self, *args, item, memberships, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = memberships
        for name, label in self.COUNTS:
            self.fields[name] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=999,
                required=False,
                initial=getattr(item, name),
                help_text="Left blank when the named votes below are given.",
            )
        for m in memberships:
            self.fields[f"m{m.pk}"] = forms.ChoiceField(
                label=m.person_name,
                choices=[
                    ("", "Not recorded"),
                    ("for", "For"),
                    ("against", "Against"),
                    ("abstain", "Abstained"),
                ],
                required=False,
                initial=current.get(m.pk, ""),
            )

    def named(self) -> dict | None:
        """The named votes, if any was given: {membership id: choice or ""}."""
        chosen = {m.pk: self.cleaned_data.get(f"m{m.pk}") or "" for m in self.memberships}
        return chosen if any(chosen.values()) else None

    def counts(self) -> dict:
        return {name: self.cleaned_data.get(name) for name, _ in self.COUNTS}


class KeyDecisionForm(PortalModelForm):
    class Meta:
        model = KeyDecision
        fields = ["title", "decision_date", "meeting", "lead"]
        widgets = {"decision_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = self.instance.board.meetings.order_by("start")


class DocxImportForm(PortalForm):
    file = forms.FileField(
        label="Word file (.docx)",
        help_text="Its text under each heading (Report summary, Recommendations, Background, "
        "Legal implications …) replaces that section of the report.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document"
            }
        ),
    )

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.PORTAL_APPENDIX_MAX_BYTES:
            raise forms.ValidationError("The file is too large.")
        from .docx_import import DocxImportError, docx_sections

        try:
            self.sections = docx_sections(upload)
        except DocxImportError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload
