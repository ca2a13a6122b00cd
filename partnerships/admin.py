from django import forms
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
    Subscription,
    User,
    ValueForMoneyReview,
    Vote,
)
from .models.proceedings import KEY_DECISION_NOTICE_DAYS


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
    fields = (
        "name",
        "kind",
        "quorum",
        "meeting_frequency",
        "pack_lead_days",
        "report_deadline_days",
    )
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


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "partnership", "financial_year", "cash", "in_kind", "total")
    list_filter = ("financial_year", "organisation__sector")
    list_select_related = ("organisation", "partnership")
    search_fields = ("organisation__name", "partnership__name", "note")
    autocomplete_fields = ("partnership", "organisation")
    readonly_fields = ("total",)

    @admin.display(description="Total")
    def total(self, obj):
        return (obj.cash or 0) + (obj.in_kind or 0)


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("partnership", "assessed_on", "rating", "assessor", "next_review_due")
    list_filter = ("rating", "assessed_on")
    list_select_related = ("partnership", "assessor")
    search_fields = ("partnership__name", "summary", "assessor__name")
    autocomplete_fields = ("partnership", "assessor")
    date_hierarchy = "assessed_on"


@admin.register(ValueForMoneyReview)
class ValueForMoneyReviewAdmin(SimpleHistoryAdmin):
    list_display = ("partnership", "reviewed_on", "outcome", "reviewer", "next_review_due")
    list_filter = ("outcome", "reviewed_on")
    list_select_related = ("partnership", "reviewer")
    search_fields = ("partnership__name", "findings", "reviewer__name")
    autocomplete_fields = ("partnership", "reviewer")
    date_hierarchy = "reviewed_on"


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


class KeyDecisionInline(admin.TabularInline):
    """The board's forward plan."""

    model = KeyDecision
    extra = 0
    fields = ("title", "decision_date", "meeting", "lead", "listed_on")
    autocomplete_fields = ("meeting",)
    show_change_link = True


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "partnership",
        "kind",
        "quorum",
        "meeting_frequency",
        "pack_lead_days",
        "report_deadline_days",
    )
    list_filter = ("kind", "meeting_frequency")
    list_select_related = ("partnership",)
    search_fields = ("name", "partnership__name")
    autocomplete_fields = ("partnership",)
    inlines = [MembershipInline, BoardSeatInline, KeyDecisionInline]


@admin.register(BoardSeat)
class BoardSeatAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "board", "partnership", "seats")
    list_filter = ("board__partnership",)
    list_select_related = ("organisation", "board__partnership")
    search_fields = ("organisation__name", "board__name", "board__partnership__name")
    autocomplete_fields = ("board", "organisation")

    @admin.display(description="Partnership", ordering="board__partnership__name")
    def partnership(self, obj):
        return obj.board.partnership


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
    list_filter = ("organisation__sector",)
    list_select_related = ("organisation",)
    search_fields = ("name", "email", "organisation__name")
    autocomplete_fields = ("organisation",)


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "period_start", "period_end", "owner")
    list_filter = ("owner", "period_start")
    list_select_related = ("owner",)
    search_fields = ("name", "vision")
    inlines = [OutcomeInline]


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "strategy")
    list_filter = ("strategy",)
    list_select_related = ("strategy",)
    search_fields = ("title", "description", "strategy__name")


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "board", "outcome", "owner", "due_date", "rag")
    list_filter = ("rag", "outcome__strategy")
    list_select_related = ("board", "outcome", "owner")
    search_fields = ("title", "board__name", "outcome__title")
    autocomplete_fields = ("board", "outcome", "owner")


class AgendaItemAdminForm(forms.ModelForm):
    """The report author is chosen among those who write reports, and a new one clears the
    reminder marks so that they are reminded afresh (partnerships.deadlines)."""

    class Meta:
        model = AgendaItem
        fields = ["report_author"]  # the admin gives the rest of its fields

    def __init__(self, *args, **kwargs):
        from .deadlines import author_choices

        super().__init__(*args, **kwargs)
        if "report_author" in self.fields:
            self.fields["report_author"].queryset = author_choices(self.instance)

    def save(self, commit=True):
        from .deadlines import keep_reminder_marks

        keep_reminder_marks(self.instance)  # the admin saves in one transaction
        return super().save(commit)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    form = AgendaItemAdminForm
    extra = 0
    fields = (
        "number",
        "title",
        "kind",
        "exempt",
        "exemption_reason",
        "presenter",
        "report_author",
        "report",
    )
    autocomplete_fields = ("report",)
    show_change_link = True


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ("membership", "name", "status", "substitute_for")
    autocomplete_fields = ("membership", "substitute_for")


class MinutesInline(admin.StackedInline):
    model = Minutes
    fk_name = "meeting"
    extra = 0
    fields = ("status", "notes", "approved_at")
    autocomplete_fields = ("approved_at",)
    show_change_link = True


class MeetingActionInline(admin.TabularInline):
    model = MeetingAction
    extra = 0
    fields = ("item", "description", "owner", "due_date", "status")
    autocomplete_fields = ("item",)


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
    list_display = ("__str__", "board", "partnership", "start", "status", "publication_date")
    list_filter = ("status", "board__partnership")
    list_select_related = ("board__partnership",)
    search_fields = ("board__name", "venue", "contact_officer")
    autocomplete_fields = ("board",)
    date_hierarchy = "start"
    fieldsets = (
        (None, {"fields": ("board", "start", "status", "publication_date")}),
        ("Where", {"fields": ("venue", "online_link")}),
        (
            "Contact officer (democratic services), printed on the pack",
            {"fields": ("contact_officer", "contact_phone", "contact_email")},
        ),
    )
    readonly_fields = ("publication_date",)
    inlines = [AgendaItemInline, AttendanceInline, MinutesInline, MeetingActionInline]
    inlines += [AgendaPackInline]

    @admin.display(description="Partnership", ordering="board__partnership__name")
    def partnership(self, obj):
        return obj.board.partnership

    @admin.display(description="Papers published by")
    def publication_date(self, obj):
        return obj.publication_date if obj.pk else None


class AppendixInline(admin.TabularInline):
    model = Appendix
    extra = 0
    fields = ("order", "title", "file", "tagged")
    readonly_fields = ("tagged",)


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ("title", "author", "status", "agenda_item", "cleared_at", "updated_at")
    list_filter = ("status", "publication_date")
    list_select_related = ("agenda_item__meeting__board",)
    search_fields = ("title", "author", "report_of", "key_decision_ref", "summary")
    # Sign-offs are given on the report page by people holding the roles, never typed here.
    readonly_fields = (
        "agenda_item",
        "in_packs",
        "written_by",
        *Report.SIGNOFF_FIELDS,
        "cleared_at",
        "updated_at",
    )
    inlines = [AppendixInline]

    @admin.display(description="Agenda item")
    def agenda_item(self, obj):
        item = getattr(obj, "agenda_item", None)
        return f"{item.meeting}, item {item.number}" if item else "—"

    @admin.display(boolean=True, description="Goes into packs (cleared or published)")
    def in_packs(self, obj):
        return obj.in_packs


@admin.register(Appendix)
class AppendixAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "report", "order", "tagged")
    list_filter = ("tagged",)
    list_select_related = ("report",)
    search_fields = ("title", "report__title")
    autocomplete_fields = ("report",)
    readonly_fields = ("tagged",)


class DeclarationInline(admin.TabularInline):
    model = Declaration
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    form = AgendaItemAdminForm
    list_display = ("__str__", "meeting", "kind", "exempt", "presenter", "report_author", "report")
    list_filter = ("kind", "exempt", "meeting__board__partnership")
    list_select_related = ("meeting__board", "report", "report_author")
    search_fields = ("title", "presenter", "resolution", "meeting__board__name", "report__title")
    autocomplete_fields = ("meeting", "report")
    readonly_fields = ("reminder_sent_at", "overdue_sent_at")
    inlines = [DeclarationInline]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ("person", "meeting", "status", "substitute_for")
    list_filter = ("status", "meeting__board__partnership")
    list_select_related = (
        "meeting__board",
        "membership__user",
        "membership__contact",
        "substitute_for__user",
        "substitute_for__contact",
        "substitute_for__board",
    )
    search_fields = (
        "name",
        "membership__user__name",
        "membership__contact__name",
        "meeting__board__name",
    )
    autocomplete_fields = ("meeting", "membership", "substitute_for")

    @admin.display(description="Person")
    def person(self, obj):
        return obj.person_name


@admin.register(Declaration)
class DeclarationAdmin(SimpleHistoryAdmin):
    list_display = ("member", "item", "meeting", "left_the_room")
    list_filter = ("left_the_room", "item__meeting__board__partnership")
    list_select_related = ("item__meeting__board",)
    search_fields = ("member", "interest", "item__title", "item__meeting__board__name")
    autocomplete_fields = ("item",)

    @admin.display(description="Meeting", ordering="item__meeting__start")
    def meeting(self, obj):
        return obj.item.meeting


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "status", "approved_at")
    list_filter = ("status", "meeting__board__partnership")
    list_select_related = ("meeting__board", "approved_at__board")
    search_fields = ("meeting__board__name", "notes")
    autocomplete_fields = ("meeting", "approved_at")


@admin.register(MeetingAction)
class MeetingActionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "meeting", "item", "owner", "due_date", "status")
    list_filter = ("status", "meeting__board__partnership")
    list_select_related = ("meeting__board", "item")
    search_fields = ("description", "owner", "meeting__board__name", "item__title")
    autocomplete_fields = ("meeting", "item")


@admin.register(KeyDecision)
class KeyDecisionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "board", "decision_date", "meeting", "lead", "listed_on", "short")
    list_filter = ("board__partnership", "decision_date")
    list_select_related = ("board", "meeting__board")
    search_fields = ("title", "lead", "board__name")
    autocomplete_fields = ("board", "meeting")
    readonly_fields = ("short",)
    date_hierarchy = "decision_date"

    @admin.display(
        boolean=True, description=f"Short notice (under {KEY_DECISION_NOTICE_DAYS} days)"
    )
    def short(self, obj):
        return obj.short_notice if obj.pk else None


@admin.register(AgendaPack)
class AgendaPackAdmin(SimpleHistoryAdmin):
    """Packs are built from the meeting's page (the pack build task); here they can be read.
    There is no add page: a pack written by hand would have no file behind it."""

    list_display = ("__str__", "state", "page_count", "size", "generated_at", "published_at")
    list_filter = ("state", "restricted", "meeting__board__partnership")
    list_select_related = ("meeting", "meeting__board")
    search_fields = ("meeting__board__name", "lateness_reason", "error")
    readonly_fields = [f.name for f in AgendaPack._meta.fields] + ["shown_state_label"]
    date_hierarchy = "generated_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description="State shown (an interrupted build shows as failed)")
    def shown_state_label(self, obj):
        return obj.shown_state_label


@admin.register(Interest)
class InterestAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "person", "kind", "start_date", "end_date")
    list_filter = ("kind",)
    list_select_related = ("user", "contact")
    search_fields = ("description", "user__name", "contact__name")
    autocomplete_fields = ("user", "contact")

    @admin.display(description="Person")
    def person(self, obj):
        return obj.person


@admin.register(Vote)
class VoteAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "item", "choice")
    list_filter = ("choice", "item__meeting__board__partnership")
    list_select_related = ("item__meeting__board", "membership__user", "membership__contact")
    search_fields = ("membership__user__name", "membership__contact__name", "item__title")
    autocomplete_fields = ("item", "membership")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Public e-mail alerts. An address is added by signing up on the public site, which
    confirms it; here they can be looked up and ended."""

    list_display = ("email", "board", "created_at", "confirmed_at", "unsubscribed_at")
    list_filter = (
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
        "board",
    )
    list_select_related = ("board",)
    search_fields = ("email", "board__name")
    autocomplete_fields = ("board",)
    readonly_fields = ("token", "created_at", "confirmation_sent_at")
    date_hierarchy = "created_at"
