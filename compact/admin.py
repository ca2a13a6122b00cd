from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .models import (
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


class CodeInline(admin.TabularInline):
    model = Code
    extra = 0


class EndorsementInline(admin.TabularInline):
    model = Endorsement
    extra = 0
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("meeting",)


@admin.register(Compact)
class CompactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "area", "status", "version", "adopted_date", "partnership")
    list_filter = ("status",)
    list_select_related = ("partnership",)
    search_fields = ("name", "area", "summary", "partnership__name")
    readonly_fields = ("created_at", "updated_at")
    inlines = [CodeInline, EndorsementInline]
    raw_id_fields = ("partnership",)


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    show_change_link = True


@admin.register(Code)
class CodeAdmin(SimpleHistoryAdmin):
    list_display = ("title", "number", "compact")
    list_filter = ("compact",)
    list_select_related = ("compact",)
    search_fields = ("title", "summary")
    inlines = [CommitmentInline]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "text", "whose", "check_kind", "check_number")
    list_filter = ("whose", "check_kind", "code__compact")
    list_select_related = ("code",)
    search_fields = ("text", "code__title")
    readonly_fields = ("reference",)


@admin.register(Endorsement)
class EndorsementAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "compact", "version", "endorsed_on", "endorsed_by", "meeting")
    list_filter = ("compact", "version")
    list_select_related = ("organisation", "compact", "meeting__board")
    search_fields = ("organisation__name", "endorsed_by", "minute_reference", "version")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("meeting",)


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organisation", "owner", "start_date", "end_date", "weeks")
    list_filter = ("compact", "formative_stage", "adequate_time", "start_date")
    list_select_related = ("organisation",)
    search_fields = ("title", "owner", "organisation__name", "consultees", "outcome")
    readonly_fields = ("weeks", "created_at", "updated_at")
    date_hierarchy = "start_date"

    @admin.display(description="Weeks")
    def weeks(self, obj):
        if not (obj.start_date and obj.end_date):
            return None
        return round((obj.end_date - obj.start_date).days / 7, 1)

    autocomplete_fields = ("organisation",)


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    raw_id_fields = ("commitment", "updated_by")


class AssessmentInline(admin.TabularInline):
    model = Assessment
    extra = 0
    fields = ("organisation", "submitted_at", "submitted_by")
    readonly_fields = ("submitted_at", "submitted_by")
    autocomplete_fields = ("organisation",)
    show_change_link = True


class ActionPlanItemInline(admin.TabularInline):
    model = ActionPlanItem
    extra = 0
    fields = ("item", "organisation", "commitment", "owner", "due_date", "status")
    raw_id_fields = ("commitment", "organisation")


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(SimpleHistoryAdmin):
    list_display = ("title", "compact", "period_start", "period_end", "status")
    list_filter = ("status", "compact")
    list_select_related = ("compact",)
    search_fields = ("title", "compact__name")
    readonly_fields = ("created_at",)
    inlines = [AssessmentInline, ActionPlanItemInline]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "round", "submitted_at", "submitted_by")
    list_filter = ("round", "submitted_at")
    list_select_related = ("organisation", "round", "submitted_by")
    search_fields = ("organisation__name", "round__title")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("submitted_by",)
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin):
    list_display = ("commitment", "assessment", "value", "updated_by", "updated_at")
    list_filter = ("value", "assessment__round")
    list_select_related = (
        "commitment__code",
        "assessment__organisation",
        "assessment__round",
        "updated_by",
    )
    search_fields = ("evidence", "commitment__text", "assessment__organisation__name")
    readonly_fields = ("updated_at",)
    raw_id_fields = ("assessment", "commitment", "updated_by")


@admin.register(ActionPlanItem)
class ActionPlanItemAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "organisation", "owner", "due_date", "status", "round")
    list_filter = ("status", "round")
    list_select_related = ("round", "organisation")
    search_fields = ("item", "owner", "organisation__name")
    raw_id_fields = ("commitment", "rating", "organisation")


@admin.register(Breach)
class BreachAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "stage", "raised_on", "closed_on")
    list_filter = ("stage", "compact", "raised_on")
    list_select_related = ("raised_by", "against", "commitment", "commitment__code")
    search_fields = ("what_happened", "outcome", "raised_by__name", "against__name")
    readonly_fields = ("created_at", "updated_at")
    autocomplete_fields = ("raised_by", "against")
    raw_id_fields = ("commitment",)


class VersionInline(admin.TabularInline):
    model = SectionVersion
    extra = 0
    fields = ("number", "status", "change_note", "endorsed_on")
    readonly_fields = ("number", "status", "change_note", "endorsed_on")
    can_delete = False
    show_change_link = True


@admin.register(HandbookSection)
class HandbookSectionAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "versions")
    list_filter = ("versions__status",)
    search_fields = ("title", "purpose")
    inlines = [VersionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(version_count=Count("versions"))

    @admin.display(description="Versions", ordering="version_count")
    def versions(self, obj):
        return obj.version_count


@admin.register(SectionVersion)
class SectionVersionAdmin(SimpleHistoryAdmin):
    list_display = ("section", "number", "status", "change_note", "endorsed_on")
    list_filter = ("status", "section")
    list_select_related = ("section",)
    search_fields = ("section__title", "change_note", "content")
    raw_id_fields = ("endorsed_at",)
    readonly_fields = ("created_at", "updated_at")
