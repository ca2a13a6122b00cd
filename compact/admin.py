from django.contrib import admin
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
    list_display = ("name", "area", "status", "version", "adopted_date")
    list_filter = ("status",)
    search_fields = ("name", "area")
    inlines = [CodeInline, EndorsementInline]
    raw_id_fields = ("partnership",)


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(Code)
class CodeAdmin(SimpleHistoryAdmin):
    list_display = ("title", "number", "compact")
    list_filter = ("compact",)
    list_select_related = ("compact",)
    inlines = [CommitmentInline]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "text", "whose", "check_kind", "check_number")
    list_filter = ("whose", "check_kind", "code__compact")
    list_select_related = ("code",)
    search_fields = ("text",)


@admin.register(Endorsement)
class EndorsementAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "compact", "version", "endorsed_on", "endorsed_by")
    list_filter = ("compact", "version")
    list_select_related = ("organisation", "compact")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("meeting",)


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organisation", "owner", "start_date", "end_date")
    list_filter = ("compact",)
    list_select_related = ("organisation",)
    search_fields = ("title", "owner")
    autocomplete_fields = ("organisation",)


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    raw_id_fields = ("commitment", "updated_by")


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(SimpleHistoryAdmin):
    list_display = ("title", "compact", "period_start", "period_end", "status")
    list_filter = ("status", "compact")


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "round", "submitted_at")
    list_filter = ("round",)
    list_select_related = ("organisation", "round")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("submitted_by",)
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin):
    list_display = ("commitment", "assessment", "value")
    list_filter = ("value", "assessment__round")
    list_select_related = ("commitment", "commitment__code", "assessment__organisation")
    raw_id_fields = ("assessment", "commitment", "updated_by")


@admin.register(ActionPlanItem)
class ActionPlanItemAdmin(SimpleHistoryAdmin):
    list_display = ("item", "owner", "due_date", "status", "round")
    list_filter = ("status", "round")
    list_select_related = ("round",)
    raw_id_fields = ("commitment", "rating", "organisation")


@admin.register(Breach)
class BreachAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "stage", "raised_on", "closed_on")
    list_filter = ("stage", "compact")
    list_select_related = ("raised_by", "against", "commitment", "commitment__code")
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
    list_display = ("number", "title")
    inlines = [VersionInline]


@admin.register(SectionVersion)
class SectionVersionAdmin(SimpleHistoryAdmin):
    list_display = ("section", "number", "status", "endorsed_on")
    list_filter = ("status", "section")
    list_select_related = ("section",)
    raw_id_fields = ("endorsed_at",)
