from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from .forms import current_matrices
from .models import (
    Risk,
    RiskAction,
    RiskLevel,
    RiskLog,
    RiskMatrix,
    Task,
    TaskAssessment,
    TaskLink,
    WorkProgramme,
)
from .services import (
    LEVEL_FIELDS,
    assessment_delete,
    assessment_save,
    matrix_revise,
    task_link_save,
    task_unlink,
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class RiskMatrixForm(forms.ModelForm):
    """Scales and grid as plain text: one label per line; one grid row per likelihood."""

    likelihood_text = forms.CharField(
        label="Likelihood scale",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One label per line, from score 1 (lowest) up.",
    )
    impact_text = forms.CharField(
        label="Impact scale",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One label per line, from score 1 (lowest) up.",
    )
    grid_text = forms.CharField(
        label="Grid",
        widget=forms.Textarea(attrs={"rows": 6, "class": "monospace"}),
        help_text="One line per likelihood score from 1 up; on each line, the level rank of "
        "each impact score from 1 up, separated by spaces. The grid is a lookup, so it may "
        "be asymmetric.",
    )

    class Meta:
        model = RiskMatrix
        fields = ["name", "is_default"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        m = self.instance
        if m.pk:
            self.initial["likelihood_text"] = "\n".join(m.likelihood_labels)
            self.initial["impact_text"] = "\n".join(m.impact_labels)
            self.initial["grid_text"] = "\n".join(" ".join(map(str, r)) for r in m.grid)

    def clean(self):
        data = super().clean()
        try:
            data["grid"] = [
                [int(cell) for cell in line.split()] for line in _lines(data.get("grid_text", ""))
            ]
        except ValueError:
            self.add_error("grid_text", "Each cell is a whole number: the rank of a level.")
        data["likelihood_labels"] = _lines(data.get("likelihood_text", ""))
        data["impact_labels"] = _lines(data.get("impact_text", ""))
        return data

    def _post_clean(self):
        data = self.cleaned_data
        if "grid" in data:
            self.scoring = {
                "likelihood_labels": data["likelihood_labels"],
                "impact_labels": data["impact_labels"],
                "grid": data["grid"],
            }
            self.instance._pending_grid = data["grid"]
            self._refuse_changes_to_a_replaced_version()
            if not (self.instance.pk and self.instance.in_use()):
                for field, value in self.scoring.items():
                    setattr(self.instance, field, value)
            else:
                # Check the new scales and grid without touching the frozen version.
                probe = RiskMatrix(name=self.instance.name, **self.scoring)
                try:
                    probe.clean()
                except ValidationError as exc:
                    self._update_errors(exc)
        super()._post_clean()

    def _refuse_changes_to_a_replaced_version(self):
        """A version that a later one replaced is history: its scales, grid and default flag
        stay as they are (its levels are guarded by the level formset)."""
        m = self.instance
        if not m.pk or m.is_current():
            return
        later = RiskMatrix.objects.filter(previous=m).first()
        where = f"change {later} instead" if later else "change its latest version instead"
        for field in ("likelihood_text", "impact_text", "grid_text", "is_default"):
            if field in self.changed_data:
                self.add_error(field, f"{m} has been replaced by a later version: {where}.")


class LevelFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        ranks = {
            f.cleaned_data["rank"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and "rank" in f.cleaned_data
        }
        matrix = self.instance
        if matrix.pk and self.has_changed() and not matrix.is_current():
            raise ValidationError(
                f"{matrix} has been replaced by a later version, so its levels stay as they "
                "are: change the latest version instead."
            )
        grid = getattr(self.instance, "_pending_grid", self.instance.grid) or []
        missing = sorted({cell for row in grid for cell in row} - ranks)
        if missing:
            raise ValidationError(
                "The grid uses level ranks that have no level: "
                + ", ".join(map(str, missing))
                + ". Add those levels or change the grid."
            )


class RiskLevelInline(admin.TabularInline):
    model = RiskLevel
    formset = LevelFormSet
    extra = 0
    fields = LEVEL_FIELDS


@admin.register(RiskMatrix)
class RiskMatrixAdmin(SimpleHistoryAdmin):
    """A matrix that has scored anything is never changed: saving a change to its scales,
    grid or levels makes a new version, and its assessments and risks keep their scores."""

    form = RiskMatrixForm
    inlines = [RiskLevelInline]
    list_display = ("name", "version", "is_default", "created_at")
    list_filter = ("is_default",)
    search_fields = ("name",)
    readonly_fields = ("version", "previous")

    def save_model(self, request, obj, form, change):
        request._wp_in_use = change and RiskMatrix.objects.get(pk=obj.pk).in_use()
        if not request._wp_in_use:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not getattr(request, "_wp_in_use", False):
            super().save_related(request, form, formsets, change)
            return
        old = RiskMatrix.objects.get(pk=form.instance.pk)
        for formset in formsets:  # nothing of the frozen version's levels is saved
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        levels = [
            {f: f_form.cleaned_data[f] for f in LEVEL_FIELDS}
            for formset in formsets
            for f_form in formset.forms
            if f_form.cleaned_data and not f_form.cleaned_data.get("DELETE")
        ]
        scoring_changed = any(
            f in form.changed_data for f in ("likelihood_text", "impact_text", "grid_text")
        ) or any(formset.has_changed() for formset in formsets)
        revised = None
        if scoring_changed:
            revised = request._wp_revised = matrix_revise(
                matrix=old, by=request.user, levels=levels, **form.scoring
            )
        old.name = form.cleaned_data["name"]
        old._history_user = request.user
        old.save(update_fields=["name"])
        # The default flag does not score anything: it moves with the form, to the new
        # version if there is one.
        target = revised or old
        target.refresh_from_db(fields=["is_default"])
        if form.cleaned_data["is_default"] != target.is_default:
            target.is_default = form.cleaned_data["is_default"]
            target._history_user = request.user
            target.save(update_fields=["is_default"])

    def response_change(self, request, obj):
        revised = getattr(request, "_wp_revised", None)
        if revised is not None:
            messages.warning(
                request,
                f"{obj} has scored assessments or risks, so your changes were saved as "
                f"{revised}; what was scored keeps its scores.",
            )
            return HttpResponseRedirect(
                reverse("admin:workprogramme_riskmatrix_change", args=[revised.pk])
            )
        return super().response_change(request, obj)


@admin.register(RiskLevel)
class RiskLevelAdmin(SimpleHistoryAdmin):
    """Levels are part of their matrix: they are added and changed on the matrix's page, which
    makes a new version of a matrix that has scored anything. Here they can only be read, so
    that no change here re-scores what was scored."""

    list_display = ("name", "rank", "matrix", "priority", "colour", "text_colour")
    list_filter = ("priority", "matrix")
    list_select_related = ("matrix",)
    search_fields = ("name", "matrix__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ("number", "title", "status", "lead_organisation", "priority")
    readonly_fields = ("priority",)
    autocomplete_fields = ("lead_organisation",)
    show_change_link = True


class TaskLinkInline(admin.TabularInline):
    model = TaskLink
    fk_name = "from_task"
    extra = 0
    fields = ("kind", "to_task", "note")
    raw_id_fields = ("to_task",)


class TaskAssessmentInline(admin.TabularInline):
    """Read here; a reassessment is a new record, made on its own page (which refreshes the
    task's priority)."""

    model = TaskAssessment
    extra = 0
    fields = ("assessed_on", "likelihood", "impact", "level", "priority", "assessed_by")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class CurrentMatrixMixin:
    """New scores go on a current matrix version, never on one a later version has replaced."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "matrix":
            kwargs["queryset"] = current_matrices()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(WorkProgramme)
class WorkProgrammeAdmin(CurrentMatrixMixin, SimpleHistoryAdmin):
    list_display = ("title", "partnership", "period_start", "period_end", "status", "matrix")
    list_filter = ("status", "partnership")
    search_fields = ("title", "partnership__name", "introduction")
    list_select_related = ("partnership", "matrix")
    readonly_fields = ("created_at", "updated_at")
    inlines = [TaskInline]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "programme", "priority", "status", "lead_organisation")
    list_filter = ("status", "priority", "audit_commission", "programme")
    search_fields = ("title", "description", "comments", "lead_person", "lead_organisation__name")
    list_select_related = ("programme__partnership", "lead_organisation")
    autocomplete_fields = ("lead_organisation",)
    readonly_fields = ("priority", "current_assessment", "created_at", "updated_at")
    inlines = [TaskLinkInline, TaskAssessmentInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not TaskLink:
            return super().save_formset(request, form, formset, change)
        # The task's links are saved and removed by the same services as on the task's page.
        for link in formset.save(commit=False):
            task_link_save(link=link, by=request.user)
        for link in formset.deleted_objects:
            task_unlink(link_id=link.pk, by=request.user)


@admin.register(TaskAssessment)
class TaskAssessmentAdmin(CurrentMatrixMixin, SimpleHistoryAdmin):
    """Assessments are records: a change of scores is a reassessment (a new record)."""

    list_display = ("task", "assessed_on", "likelihood", "impact", "level", "priority")
    list_filter = ("priority", "assessed_on", "task__programme")
    list_select_related = ("task", "level")
    search_fields = ("task__title", "rationale", "assessed_by", "override_reason")
    date_hierarchy = "assessed_on"
    readonly_fields = (
        "level",
        "computed_priority",
        "override_priority",
        "override_reason",
        "overridden_by",
        "overridden_at",
        "priority",
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ("task", "matrix", "likelihood", "impact", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        assessment_save(assessment=obj, by=request.user)

    def delete_model(self, request, obj):
        assessment_delete(
            assessment=obj, by=request.user, reason="An assessment was deleted in the admin"
        )

    def delete_queryset(self, request, queryset):
        for assessment in queryset:  # each task's latest remaining one gives its priority
            assessment_delete(
                assessment=assessment,
                by=request.user,
                reason="Assessments were deleted in the admin",
            )


@admin.register(TaskLink)
class TaskLinkAdmin(SimpleHistoryAdmin):
    list_display = ("from_task", "kind", "to_task", "note")
    list_filter = ("kind", "from_task__programme")
    list_select_related = ("from_task", "to_task")
    search_fields = ("from_task__title", "to_task__title", "note")
    raw_id_fields = ("from_task", "to_task")

    def save_model(self, request, obj, form, change):
        task_link_save(link=obj, by=request.user)

    def delete_model(self, request, obj):
        task_unlink(link_id=obj.pk, by=request.user)

    def delete_queryset(self, request, queryset):
        for link in queryset:
            task_unlink(link_id=link.pk, by=request.user)


class RiskActionInline(admin.TabularInline):
    model = RiskAction
    extra = 0


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0
    fields = ("reference", "title", "status", "treatment", "review_date")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RiskLog)
class RiskLogAdmin(CurrentMatrixMixin, SimpleHistoryAdmin):
    list_display = ("name", "partnership", "kind", "appetite", "matrix")
    list_filter = ("kind", "partnership")
    list_select_related = ("partnership", "matrix")
    search_fields = ("name", "partnership__name", "description")
    readonly_fields = ("created_at", "updated_at")
    inlines = [RiskInline]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "title", "log", "status", "treatment", "review_date")
    list_filter = ("status", "treatment", "category", "log")
    search_fields = ("reference", "title", "cause", "effect", "owner")
    list_select_related = ("log",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [RiskActionInline]


@admin.register(RiskAction)
class RiskActionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "risk", "owner", "due_date", "status")
    list_filter = ("status", "risk__log")
    list_select_related = ("risk",)
    search_fields = ("description", "owner", "risk__title", "risk__reference")
