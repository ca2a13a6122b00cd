from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Award,
    AwardChange,
    Ballot,
    BallotChoice,
    Fund,
    MonitoringReturn,
    Payment,
    PBProject,
    PBRound,
    ReturnEvidence,
    VoterCode,
)
from .services import award_approve, award_check_edit, award_save, fund_save


class FundAdminForm(forms.ModelForm):
    class Meta:
        model = Fund
        fields = [
            "name",
            "financial_year",
            "budget",
            "funder",
            "route",
            "standard_amount",
            "description",
            "outcomes",
            "status",
            "rolled_forward_from",
        ]

    def clean_budget(self):
        # fund_save holds this rule under the fund's lock when the admin saves; here it is a
        # message on the form. The admin's change page is one transaction, so the lock taken
        # here lasts until the save.
        budget = self.cleaned_data.get("budget")
        if budget is not None and self.instance.pk:
            with transaction.atomic():
                Fund.objects.select_for_update().get(pk=self.instance.pk)
                committed = self.instance.committed()
            if budget < committed:
                raise ValidationError(
                    f"The fund has committed £{committed:,.2f}; the budget cannot be less "
                    "than that."
                )
        return budget


@admin.register(Fund)
class FundAdmin(SimpleHistoryAdmin):
    form = FundAdminForm
    list_display = ("name", "financial_year", "budget", "funder", "route", "status")
    list_filter = ("route", "status", "financial_year")
    list_select_related = ("funder",)
    search_fields = ("name", "description", "funder__name")
    autocomplete_fields = ("funder",)
    filter_horizontal = ("outcomes",)

    def save_model(self, request, obj, form, change):
        fund_save(fund=obj, by=request.user)


class AwardAdminForm(forms.ModelForm):
    def _post_clean(self):
        # The checks award_save makes on an edit (headroom, no moving or cutting committed
        # money), as errors on this form: on the change page, and on a revert from the
        # history, which brings back an old version's fund and amount.
        super()._post_clean()
        if not self.instance.pk or self.errors:
            return
        try:
            award_check_edit(award=self.instance)
        except ValidationError as exc:
            errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
            for field, messages_ in errors.items():
                self.add_error(field if field in self.fields else None, messages_)


class ViewOnlyInline(admin.TabularInline):
    """Shown on the parent's page to read; each row is changed on its own admin page (the
    change link), where its rules are kept. Nothing of it is posted with the parent's form."""

    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PaymentInline(ViewOnlyInline):
    model = Payment
    fields = ("due_date", "amount", "paid_date", "reference")


class ReturnInline(ViewOnlyInline):
    model = MonitoringReturn
    fields = ("period_end", "due_date", "received_date", "spend_to_date")


class AwardChangeInline(ViewOnlyInline):
    model = AwardChange
    fields = ("kind", "notice_date", "effective_date", "previous_amount", "new_amount")


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin):
    """Status moves through the award pages' services (approval checks the fund's headroom);
    here it can be read, and proposed awards approved through the same service. Saves go
    through award_save, like the edit page's."""

    form = AwardAdminForm
    list_display = ("title", "recipient_name", "fund", "amount", "status", "recurring")
    list_filter = ("status", "route", "recurring", "fund__financial_year")
    list_select_related = ("fund", "recipient_organisation", "recipient_partnership")
    search_fields = ("title", "purpose", "recipient_organisation__name")
    autocomplete_fields = ("recipient_organisation", "recipient_partnership", "fund")
    filter_horizontal = ("outcomes",)
    readonly_fields = ("status", "approved_on", "approved_by", "paid", "created_at", "updated_at")
    inlines = [PaymentInline, ReturnInline, AwardChangeInline]
    actions = ["approve"]

    def get_formsets_with_inlines(self, request, obj=None):
        # The inlines are view-only: a save posts the award alone (as the award pages do),
        # so it needs no formset data for them.
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if request.method == "POST" and isinstance(inline, ViewOnlyInline):
                continue
            yield formset, inline

    @admin.display(description="Paid so far")
    def paid(self, obj):
        if not obj.pk:
            return None
        return sum((p.amount for p in obj.payments.all() if p.paid_date), start=0)

    def get_readonly_fields(self, request, obj=None):
        # Once approved, the money is committed: its amount and fund change only through the
        # award pages, which check the fund's headroom or record a funding change.
        if obj is not None and obj.is_committed:
            return (*self.readonly_fields, "fund", "amount")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        # award_save keeps the status the award has now: a revert to a version from before a
        # withdrawal must not bring the money back into the fund past its headroom.
        asked = obj.status
        award_save(award=obj, by=request.user)
        if change and obj.status != asked:
            self.message_user(
                request,
                f"The status stays {obj.get_status_display().lower()}: an award's status "
                "changes on its page, where approval checks the fund's headroom.",
                messages.WARNING,
            )

    @admin.action(description="Approve the selected proposed awards (checks each fund)")
    def approve(self, request, queryset):
        approved = 0
        for award in queryset:
            try:
                award_approve(award=award, by=request.user)
                approved += 1
            except ValidationError as exc:
                self.message_user(request, f"{award}: {' '.join(exc.messages)}", messages.ERROR)
        if approved:
            self.message_user(request, f"{approved} award(s) approved.", messages.SUCCESS)


@admin.register(Payment)
class PaymentAdmin(SimpleHistoryAdmin):
    list_display = ("award", "due_date", "amount", "paid_date", "reference")
    list_filter = ("paid_date", "due_date", "award__fund")
    list_select_related = ("award__recipient_organisation", "award__recipient_partnership")
    search_fields = ("reference", "award__title", "award__recipient_organisation__name")
    autocomplete_fields = ("award",)
    date_hierarchy = "due_date"


class EvidenceInline(admin.StackedInline):
    model = ReturnEvidence
    extra = 0
    autocomplete_fields = ("outcome",)


@admin.register(MonitoringReturn)
class MonitoringReturnAdmin(SimpleHistoryAdmin):
    list_display = ("award", "period_end", "due_date", "received_date", "reminder_sent_on")
    list_filter = ("received_date", "due_date", "award__fund")
    list_select_related = ("award__recipient_organisation", "award__recipient_partnership")
    search_fields = ("award__title", "award__recipient_organisation__name", "narrative")
    autocomplete_fields = ("award",)
    raw_id_fields = ("submitted_by",)
    date_hierarchy = "due_date"
    inlines = [EvidenceInline]


@admin.register(ReturnEvidence)
class ReturnEvidenceAdmin(SimpleHistoryAdmin):
    list_display = ("monitoring_return", "award", "outcome")
    list_filter = ("outcome__strategy",)
    list_select_related = (
        "monitoring_return__award__recipient_organisation",
        "monitoring_return__award__recipient_partnership",
        "outcome",
    )
    search_fields = ("evidence", "outcome__title", "monitoring_return__award__title")
    autocomplete_fields = ("monitoring_return", "outcome")

    @admin.display(description="Award")
    def award(self, obj):
        return obj.monitoring_return.award


@admin.register(AwardChange)
class AwardChangeAdmin(SimpleHistoryAdmin):
    """Changes are recorded from the award's page ("Reduce or end"), which also cuts the award
    and its unpaid instalments; here their dates and reason can be corrected."""

    list_display = ("award", "kind", "notice_date", "effective_date", "new_amount", "short")
    list_filter = ("kind",)
    list_select_related = ("award__recipient_organisation", "award__recipient_partnership")
    search_fields = ("award__title", "award__recipient_organisation__name", "reason")
    readonly_fields = ("award", "kind", "previous_amount", "new_amount", "recorded_by", "short")

    def has_add_permission(self, request):
        return False

    @admin.display(boolean=True, description="Short notice")
    def short(self, obj):
        return obj.short_notice


@admin.register(PBRound)
class PBRoundAdmin(SimpleHistoryAdmin):
    list_display = ("name", "fund", "area_board", "budget", "rule", "voting_opens", "voting_closes")
    list_filter = ("rule", "fund__financial_year")
    list_select_related = ("fund", "area_board")
    search_fields = ("name", "description", "fund__name", "area_board__name")
    autocomplete_fields = ("fund", "area_board")
    readonly_fields = ("results_published_at", "awarded_at", "created_at")


@admin.register(PBProject)
class PBProjectAdmin(SimpleHistoryAdmin):
    list_display = ("title", "round", "cost", "ward", "organisation", "eligible")
    list_filter = ("round", "eligible")
    list_select_related = ("round", "organisation")
    search_fields = ("title", "ward", "description", "organisation__name")
    autocomplete_fields = ("round", "organisation")


@admin.register(VoterCode)
class VoterCodeAdmin(admin.ModelAdmin):
    """Codes are issued in batches from the round's page, which prints them once; only
    their hashes are kept, so there is nothing to add or see here beyond who issued what."""

    list_display = ("round", "batch", "issued_at", "issued_by", "used")
    list_filter = ("round", "batch")
    list_select_related = ("round", "issued_by", "ballot")
    search_fields = ("round__name", "issued_by__name")
    fields = ("round", "batch", "issued_at", "issued_by", "used")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.display(boolean=True, description="Used")
    def used(self, obj):
        return hasattr(obj, "ballot")


class BallotChoiceInline(admin.TabularInline):
    model = BallotChoice
    extra = 0
    autocomplete_fields = ("project",)


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ("round", "source", "paper_reference", "entered_by", "cast_at", "choices")
    list_filter = ("round", "source")
    list_select_related = ("round", "entered_by")
    search_fields = ("paper_reference", "round__name", "entered_by__name")
    exclude = ("voter_code",)
    inlines = [BallotChoiceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(choice_count=Count("choices"))

    @admin.display(description="Choices", ordering="choice_count")
    def choices(self, obj):
        return obj.choice_count


@admin.register(BallotChoice)
class BallotChoiceAdmin(admin.ModelAdmin):
    """One project chosen on a ballot (the ballot's page shows them together)."""

    list_display = ("project", "ballot", "round")
    list_filter = ("ballot__round", "ballot__source")
    list_select_related = ("project", "ballot__round")
    search_fields = ("project__title", "ballot__paper_reference", "ballot__round__name")
    autocomplete_fields = ("ballot", "project")

    @admin.display(description="Round", ordering="ballot__round__name")
    def round(self, obj):
        return obj.ballot.round
