"""Writes for work programmes, assessments and risk matrices: one transaction each, readable
``ValidationError``s, history recorded with who did it (and why, for overrides)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portal.services import validated_save

from .models import (
    RiskLevel,
    RiskLog,
    RiskMatrix,
    Task,
    TaskAssessment,
    TaskLink,
    WorkProgramme,
)
from .models.matrices import SCORING_FIELDS

LEVEL_FIELDS = ("rank", "name", "colour", "text_colour", "priority")


# --- risk matrices ------------------------------------------------------------------------


def _check_levels(levels: list[dict]) -> None:
    if not levels:
        raise ValidationError("A matrix needs at least one level.")
    ranks = [level["rank"] for level in levels]
    if len(set(ranks)) != len(ranks):
        raise ValidationError("Two levels have the same rank.")
    for level in levels:
        if level.get("priority") not in (1, 2, 3):
            raise ValidationError(f"Level {level['rank']}: the priority must be 1, 2 or 3.")


def _check_matrix(matrix: RiskMatrix, levels: list[dict]) -> None:
    """The matrix's scales and grid, its levels, and every rank the grid uses has a level."""
    _check_levels(levels)
    matrix.full_clean()
    matrix.check_levels({level["rank"] for level in levels})


def _save_levels(matrix: RiskMatrix, levels: list[dict], *, by) -> None:
    for level in levels:
        validated_save(
            RiskLevel(matrix=matrix, **{f: level[f] for f in LEVEL_FIELDS if f in level}), by=by
        )


@transaction.atomic
def matrix_create(
    *,
    name: str,
    likelihood_labels: list[str],
    impact_labels: list[str],
    grid: list[list[int]],
    levels: list[dict],
    is_default: bool = False,
    by=None,
    previous: RiskMatrix | None = None,
) -> RiskMatrix:
    """A matrix (or a new version of one, after ``previous``) with its levels."""
    matrix = RiskMatrix(
        name=name,
        likelihood_labels=list(likelihood_labels),
        impact_labels=list(impact_labels),
        grid=[list(row) for row in grid],
        is_default=is_default,
        previous=previous,
        version=(previous.version + 1) if previous else 1,
    )
    _check_matrix(matrix, levels)
    if is_default:
        RiskMatrix.objects.filter(is_default=True).update(is_default=False)
    validated_save(matrix, by=by)
    _save_levels(matrix, levels, by=by)
    return matrix


def _levels_of(matrix: RiskMatrix) -> list[dict]:
    return [{f: getattr(level, f) for f in LEVEL_FIELDS} for level in matrix.levels.all()]


@transaction.atomic
def matrix_revise(
    *,
    matrix: RiskMatrix,
    by=None,
    likelihood_labels: list[str] | None = None,
    impact_labels: list[str] | None = None,
    grid: list[list[int]] | None = None,
    levels: list[dict] | None = None,
) -> RiskMatrix:
    """Change a matrix's scales, grid or levels.

    A version nothing has been scored with is changed in place. A version in use is left as
    it is (its assessments and risks keep their scores) and a new version is made; programmes
    and risk logs that scored with the old version use the new one from now on.
    """
    matrix = RiskMatrix.objects.select_for_update().get(pk=matrix.pk)
    if not matrix.is_current():
        raise ValidationError(f"{matrix} has been replaced by a later version: change that one.")
    new = {
        "likelihood_labels": matrix.likelihood_labels
        if likelihood_labels is None
        else list(likelihood_labels),
        "impact_labels": matrix.impact_labels if impact_labels is None else list(impact_labels),
        "grid": matrix.grid if grid is None else [list(row) for row in grid],
    }
    new_levels = _levels_of(matrix) if levels is None else levels
    unchanged = all(getattr(matrix, f) == new[f] for f in SCORING_FIELDS) and sorted(
        new_levels, key=lambda x: x["rank"]
    ) == sorted(_levels_of(matrix), key=lambda x: x["rank"])
    if unchanged:
        return matrix
    if not matrix.in_use():
        for field, value in new.items():
            setattr(matrix, field, value)
        _check_matrix(matrix, new_levels)
        matrix.levels.all().delete()
        validated_save(matrix, by=by)
        _save_levels(matrix, new_levels, by=by)
        return matrix
    was_default = matrix.is_default
    if was_default:
        matrix.is_default = False
        validated_save(matrix, by=by)
    revised = matrix_create(
        name=matrix.name,
        levels=new_levels,
        is_default=was_default,
        by=by,
        previous=matrix,
        **new,
    )
    WorkProgramme.objects.filter(matrix=matrix).update(matrix=revised)
    RiskLog.objects.filter(matrix=matrix).update(matrix=revised)
    return revised


# --- programmes and tasks -------------------------------------------------------------------


def task_refresh(task: Task, *, by, reason: str = "") -> Task:
    """Point the task at its latest assessment and the priority that gives."""
    latest = task.assessments.order_by("-assessed_on", "-pk").first()
    task.current_assessment = latest
    task.priority = latest.priority if latest else None
    task._history_user = by
    if reason:
        task._change_reason = reason
    task.save(update_fields=["current_assessment", "priority", "updated_at"])
    return task


@transaction.atomic
def task_assess(
    *,
    task: Task,
    likelihood: int,
    impact: int,
    rationale: str,
    assessed_by: str,
    assessed_on,
    by=None,
    matrix: RiskMatrix | None = None,
) -> TaskAssessment:
    """Record an assessment of the risk of deferring ``task``; earlier ones are kept and the
    latest (by date) gives the task its priority."""
    task = Task.objects.select_related("programme__matrix").get(pk=task.pk)
    assessment = TaskAssessment(
        task=task,
        matrix=matrix or task.programme.matrix,
        likelihood=likelihood,
        impact=impact,
        rationale=rationale,
        assessed_by=assessed_by,
        assessed_on=assessed_on,
    )
    return assessment_save(assessment=assessment, by=by)


@transaction.atomic
def assessment_save(*, assessment: TaskAssessment, by) -> TaskAssessment:
    """Save a new or edited assessment (from the task's page or the admin) with the task locked,
    so two at once cannot leave the task pointing at the wrong one, and refresh its priority."""
    task = Task.objects.select_for_update().get(pk=assessment.task_id)
    if assessment.pk is None and assessment.recorded_by_id is None:
        assessment.recorded_by = by
    validated_save(assessment, by=by)
    task_refresh(task, by=by, reason="Assessment of the risk of deferral recorded")
    return assessment


@transaction.atomic
def assessment_delete(*, assessment: TaskAssessment, by, reason: str) -> Task:
    """Delete an assessment; the task's latest remaining one gives its priority, or none."""
    task = Task.objects.select_for_update().get(pk=assessment.task_id)
    assessment._history_user = by
    assessment.delete()
    return task_refresh(task, by=by, reason=reason)


@transaction.atomic
def assessment_override(
    *, assessment: TaskAssessment, priority: int | None, reason: str, by
) -> TaskAssessment:
    """Override (or, with ``priority=None``, withdraw the override of) the priority an
    assessment gives. A reason is always needed; it is kept in the history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"override_reason": "Give the reason for the override."})
    if priority is not None and priority not in (1, 2, 3):
        raise ValidationError({"override_priority": "A priority is 1, 2 or 3."})
    assessment = TaskAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not Task.objects.filter(pk=assessment.task_id, current_assessment=assessment).exists():
        raise ValidationError(
            {
                "override_priority": "A later assessment has replaced this one: only the "
                "latest assessment's priority can be overridden."
            }
        )
    if priority is None and assessment.override_priority is None:
        raise ValidationError({"override_priority": "There is no override to withdraw."})
    if priority is not None and priority == assessment.computed_priority:
        raise ValidationError(
            {
                "override_priority": f"Priority {priority} is what the matrix gives already: "
                "choose another priority, or no override."
            }
        )
    assessment.override_priority = priority
    assessment.override_reason = reason if priority is not None else ""
    assessment.overridden_by = by if priority is not None else None
    assessment.overridden_at = timezone.now() if priority is not None else None
    assessment._change_reason = (
        f"Priority overridden to {priority}: {reason}"
        if priority is not None
        else f"Override withdrawn: {reason}"
    )
    validated_save(assessment, by=by)
    task = Task.objects.select_for_update().get(pk=assessment.task_id)
    task_refresh(task, by=by, reason=assessment._change_reason)
    return assessment


@transaction.atomic
def task_link(*, from_task: Task, kind: str, to_task: Task, note: str = "", by=None) -> TaskLink:
    """Link two tasks of one programme (the model refuses a link to itself or across
    programmes); a link made twice is named on the task field, not as a general error."""
    return task_link_save(
        link=TaskLink(from_task=from_task, kind=kind, to_task=to_task, note=note), by=by
    )


@transaction.atomic
def task_link_save(*, link: TaskLink, by) -> TaskLink:
    """Save a new or edited link (from the task's page or the admin); a link made twice is
    named on the task field, not as a general error."""
    twins = TaskLink.objects.filter(
        from_task_id=link.from_task_id, kind=link.kind, to_task_id=link.to_task_id
    ).exclude(pk=link.pk)
    if twins.exists():
        raise ValidationError({"to_task": "These tasks are already linked in that way."})
    return validated_save(link, by=by)


@transaction.atomic
def task_unlink(*, link_id: int, by) -> Task:
    """Remove a link, kept in its history as removed by ``by``; the task it was made from is
    returned. A link someone else removed meanwhile is said to be gone, not an error page."""
    link = TaskLink.objects.select_for_update().select_related("from_task").filter(pk=link_id)
    link = link.first()
    if link is None:
        raise ValidationError("That link has been removed already.")
    link._history_user = by
    link.delete()
    return link.from_task


def next_task_number(programme: WorkProgramme) -> int:
    return (programme.tasks.aggregate(n=Max("number"))["n"] or 0) + 1
