from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Action,
    AgendaItem,
    AgendaPack,
    Appendix,
    Board,
    BoardSeat,
    Contact,
    Contribution,
    Meeting,
    Membership,
    Organisation,
    Outcome,
    Partnership,
    Report,
    RiskAssessment,
    Strategy,
    User,
    ValueForMoneyReview,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "sector", "kind", "charity_number", "company_number", "active")
    list_filter = ("sector", "kind", "active")
    search_fields = ("name", "charity_number", "company_number", "address")
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("name", "sector", "kind", "active")}),
        ("Registered numbers", {"fields": ("charity_number", "company_number")}),
        ("Contact", {"fields": ("address", "website")}),
    )
    history_list_display = ("sector", "kind", "active")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ("username", "name", "email", "organisation", "job_title", "is_active")
    list_filter = ("groups", "is_active", "is_staff", "organisation__sector")
    list_select_related = ("organisation",)
    search_fields = ("username", "name", "email", "organisation__name")
    ordering = ("name", "username")
    autocomplete_fields = ("organisation",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("name", "email", "job_title", "organisation", "phone")}),
        (
            "Roles and access",
            {"fields": ("is_active", "groups", "is_staff", "is_superuser", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "name", "email", "organisation", "password1", "password2"),
            },
        ),
    )


class BoardInline(admin.TabularInline):
    model = Board
    extra = 0
    fields = ("name", "kind", "quorum", "meeting_frequency", "pack_lead_days")
    show_change_link = True


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0
    autocomplete_fields = ("organisation",)


class RiskAssessmentInline(admin.StackedInline):
    model = RiskAssessment
    extra = 0
    autocomplete_fields = ("assessor",)


class ReviewInline(admin.StackedInline):
    model = ValueForMoneyReview
    extra = 0
    autocomplete_fields = ("reviewer",)


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "status", "accountable_to", "accountable_body", "lead_officer")
    list_filter = ("kind", "status", "accountable_body")
    list_select_related = ("accountable_to", "accountable_body", "lead_officer")
    search_fields = ("name", "purpose", "geography")
    autocomplete_fields = (
        "accountable_body",
        "lead_officer",
        "accountable_to",
        "commissioned_by",
        "supporting_officers",
    )
    inlines = [BoardInline, ContributionInline, RiskAssessmentInline, ReviewInline]


class MembershipInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # Each row's own check cannot see the other new rows: count the chairs together.
        open_chairs = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == Membership.Role.CHAIR
            and not form.cleaned_data.get("end_date")
        ]
        if len(open_chairs) > 1:
            raise ValidationError("A board has at most one current chair.")


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    extra = 0
    autocomplete_fields = ("user", "contact", "organisation")


class BoardSeatInline(admin.TabularInline):
    model = BoardSeat
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ("name", "partnership", "kind", "quorum", "meeting_frequency", "pack_lead_days")
    list_filter = ("kind", "meeting_frequency")
    list_select_related = ("partnership",)
    search_fields = ("name", "partnership__name")
    autocomplete_fields = ("partnership",)
    inlines = [MembershipInline, BoardSeatInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "board", "role", "organisation", "voting", "start_date", "end_date")
    list_filter = ("role", "voting")
    list_select_related = ("board", "user", "contact", "organisation")
    search_fields = ("user__name", "contact__name", "board__name", "organisation__name")
    autocomplete_fields = ("board", "user", "contact", "organisation")


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "job_title", "organisation", "email")
    list_select_related = ("organisation",)
    search_fields = ("name", "email", "organisation__name")
    autocomplete_fields = ("organisation",)


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "period_start", "period_end", "owner")
    search_fields = ("name",)
    inlines = [OutcomeInline]


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "strategy")
    list_select_related = ("strategy",)
    search_fields = ("title", "strategy__name")


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "board", "outcome", "owner", "due_date", "rag")
    list_filter = ("rag", "outcome__strategy")
    list_select_related = ("board", "outcome", "owner")
    search_fields = ("title", "board__name", "outcome__title")
    autocomplete_fields = ("board", "outcome", "owner")


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("number", "title", "kind", "exempt", "exemption_reason", "presenter", "report")
    autocomplete_fields = ("report",)


class AgendaPackInline(admin.TabularInline):
    model = AgendaPack
    extra = 0
    fields = ("version", "restricted", "state", "page_count", "generated_at", "published_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "board", "start", "status")
    list_filter = ("status", "board__partnership")
    list_select_related = ("board",)
    search_fields = ("board__name", "venue", "contact_officer")
    autocomplete_fields = ("board",)
    date_hierarchy = "start"
    fieldsets = (
        (None, {"fields": ("board", "start", "status")}),
        ("Where", {"fields": ("venue", "online_link")}),
        (
            "Contact officer (democratic services), printed on the pack",
            {"fields": ("contact_officer", "contact_phone", "contact_email")},
        ),
    )
    inlines = [AgendaItemInline, AgendaPackInline]


class AppendixInline(admin.TabularInline):
    model = Appendix
    extra = 0


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ("title", "author", "status", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "author", "report_of", "key_decision_ref", "summary")
    inlines = [AppendixInline]


@admin.register(AgendaPack)
class AgendaPackAdmin(admin.ModelAdmin):
    list_display = ("__str__", "state", "page_count", "size", "generated_at", "published_at")
    list_filter = ("state", "restricted")
    list_select_related = ("meeting", "meeting__board")
    readonly_fields = [f.name for f in AgendaPack._meta.fields]
