from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
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
    search_fields = ("name", "description")
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


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0


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
    readonly_fields = ("status", "approved_on", "approved_by")
    actions = ["approve"]

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
    list_display = ("award", "due_date", "amount", "paid_date")
    list_filter = ("paid_date",)
    list_select_related = ("award",)
    autocomplete_fields = ("award",)


class EvidenceInline(admin.StackedInline):
    model = ReturnEvidence
    extra = 0


@admin.register(MonitoringReturn)
class MonitoringReturnAdmin(SimpleHistoryAdmin):
    list_display = ("award", "period_end", "due_date", "received_date", "reminder_sent_on")
    list_filter = ("received_date", "due_date")
    list_select_related = ("award",)
    autocomplete_fields = ("award",)
    inlines = [EvidenceInline]


@admin.register(ReturnEvidence)
class ReturnEvidenceAdmin(SimpleHistoryAdmin):
    list_display = ("monitoring_return", "outcome")


@admin.register(AwardChange)
class AwardChangeAdmin(SimpleHistoryAdmin):
    """Changes are recorded from the award's page ("Reduce or end"), which also cuts the award
    and its unpaid instalments; here their dates and reason can be corrected."""

    list_display = ("award", "kind", "notice_date", "effective_date", "new_amount", "short")
    list_filter = ("kind",)
    list_select_related = ("award",)
    readonly_fields = ("award", "kind", "previous_amount", "new_amount")

    def has_add_permission(self, request):
        return False

    @admin.display(boolean=True, description="Short notice")
    def short(self, obj):
        return obj.short_notice


@admin.register(PBRound)
class PBRoundAdmin(SimpleHistoryAdmin):
    list_display = ("name", "fund", "area_board", "budget", "rule", "voting_opens", "voting_closes")
    list_filter = ("rule",)
    search_fields = ("name",)
    readonly_fields = ("results_published_at", "awarded_at")


@admin.register(PBProject)
class PBProjectAdmin(SimpleHistoryAdmin):
    list_display = ("title", "round", "cost", "ward", "eligible")
    list_filter = ("round", "eligible")
    search_fields = ("title", "ward")


@admin.register(VoterCode)
class VoterCodeAdmin(admin.ModelAdmin):
    list_display = ("round", "batch", "issued_at", "issued_by")
    list_filter = ("round", "batch")
    fields = ("round", "batch", "issued_at", "issued_by")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


class BallotChoiceInline(admin.TabularInline):
    model = BallotChoice
    extra = 0


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ("round", "source", "paper_reference", "cast_at")
    list_filter = ("round", "source")
    exclude = ("voter_code",)
    inlines = [BallotChoiceInline]
