"""Writes to the compact app: each runs in one transaction and validates what it saves."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from partnerships.models import Meeting, Organisation
from portal.html import sanitise
from portal.services import validated_save

from .models import (
    SECTOR_OF,
    ActionPlanItem,
    Assessment,
    AssessmentRound,
    HandbookSection,
    Rating,
    SectionVersion,
)

V = SectionVersion.Status


# --- the handbook ------------------------------------------------------------------------------


@transaction.atomic
def version_create(*, section: HandbookSection, content: str, change_note: str = "", by):
    """A new draft of ``section``, numbered after its latest version."""
    HandbookSection.objects.select_for_update().get(pk=section.pk)
    latest = section.versions.aggregate(n=Max("number"))["n"] or 0
    version = SectionVersion(
        section=section,
        number=latest + 1,
        status=V.DRAFT,
        content=sanitise(content),
        change_note=change_note,
    )
    if not version.content:
        raise ValidationError({"content": "Write the section's text."})
    return validated_save(version, by=by)


@transaction.atomic
def version_update(*, version: SectionVersion, content: str, change_note: str, by):
    version = SectionVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_editable:
        raise ValidationError(
            f"Version {version.number} is {version.get_status_display().lower()}: its text is "
            "kept as it was. Start a new version to change it."
        )
    version.content = sanitise(content)
    version.change_note = change_note
    if not version.content:
        raise ValidationError({"content": "Write the section's text."})
    return validated_save(version, by=by)


@transaction.atomic
def version_to_consultation(*, version: SectionVersion, by) -> SectionVersion:
    version = SectionVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != V.DRAFT:
        raise ValidationError(
            f"Only a draft goes out to consultation; version {version.number} is "
            f"{version.get_status_display().lower()}."
        )
    version.status = V.CONSULTATION
    return validated_save(version, by=by)


@transaction.atomic
def version_endorse(
    *,
    version: SectionVersion,
    endorsed_on: datetime.date,
    meeting: Meeting | None = None,
    by,
) -> SectionVersion:
    """Endorse a version that has been out to consultation; the section's endorsed version
    until now is superseded in the same transaction, so there is never more than one."""
    # Lock the section: two endorsements of its versions at once queue behind each other.
    HandbookSection.objects.select_for_update().get(pk=version.section_id)
    version = SectionVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != V.CONSULTATION:
        raise ValidationError(
            f"Version {version.number} is {version.get_status_display().lower()}: a version is "
            "endorsed after it has been out to consultation."
        )
    if endorsed_on > timezone.localdate():
        raise ValidationError({"endorsed_on": "The endorsement date cannot be in the future."})
    endorsed = list(
        SectionVersion.objects.select_for_update().filter(
            section_id=version.section_id, status=V.ENDORSED
        )
    )
    newer = [v.number for v in endorsed if v.number > version.number]
    if newer:
        raise ValidationError(
            f"Version {version.number} is older than version {newer[0]}, which is endorsed: "
            "start a new version from the endorsed text instead."
        )
    for current in endorsed:
        current.status = V.SUPERSEDED
        validated_save(current, by=by)
    version.status = V.ENDORSED
    version.endorsed_on = endorsed_on
    version.endorsed_at = meeting
    return validated_save(version, by=by)


# --- self-assessment rounds ------------------------------------------------------------------


@transaction.atomic
def round_save(*, round: AssessmentRound, organisations, by) -> AssessmentRound:
    """Save a round, new or changed, and its participants (see ``round_set_participants``)."""
    validated_save(round, by=by)
    round_set_participants(round=round, organisations=organisations, by=by)
    return round


@transaction.atomic
def round_set_participants(*, round: AssessmentRound, organisations, by) -> None:
    """Add the organisations not yet taking part; an organisation that has answered is never
    dropped, one that has not is removed when it is no longer chosen."""
    chosen = {o.pk: o for o in organisations}
    wrong = [o.name for o in chosen.values() if o.sector not in SECTOR_OF]
    if wrong:
        raise ValidationError(
            {
                "participants": "Only public-sector and voluntary, community and faith sector "
                f"organisations take part in the Compact: not {', '.join(sorted(wrong))}."
            }
        )
    existing = {a.organisation_id: a for a in round.assessments.all()}
    for pk, organisation in chosen.items():
        if pk not in existing:
            validated_save(Assessment(round=round, organisation=organisation), by=by)
    for pk, assessment in existing.items():
        if pk not in chosen and not assessment.ratings.exists():
            assessment.delete()


@transaction.atomic
def assessment_answer(*, assessment: Assessment, answers: dict, by, submit: bool = False):
    """Save ``answers`` ({commitment id: (value, evidence)}) for the commitments that apply to
    the organisation's sector; ``submit`` marks the assessment submitted once every one is
    rated."""
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("round", "organisation")
        .get(pk=assessment.pk)
    )
    if assessment.round.status != AssessmentRound.Status.OPEN:
        raise ValidationError("This round is closed: its answers can no longer change.")
    applicable = {c.pk: c for c in assessment.commitments()}
    stray = set(answers) - set(applicable)
    if stray:
        raise ValidationError("Some answers are for commitments that do not apply here.")
    existing = {r.commitment_id: r for r in assessment.ratings.all()}
    errors = []
    for pk, (value, evidence) in answers.items():
        if not value:
            continue
        if value not in Rating.Value.values:
            errors.append(f"{applicable[pk].reference}: choose a rating from the list.")
            continue
        if value in (Rating.Value.MET, Rating.Value.PARTLY) and not (evidence or "").strip():
            errors.append(
                f"{applicable[pk].reference}: give the evidence for a rating of "
                f"“{Rating.Value(value).label.lower()}”."
            )
            continue
        rating = existing.get(pk) or Rating(assessment=assessment, commitment=applicable[pk])
        if rating.pk and rating.value == value and rating.evidence == (evidence or "").strip():
            continue
        rating.value = value
        rating.evidence = (evidence or "").strip()
        rating.updated_by = by
        validated_save(rating, by=by)
        existing[pk] = rating
    if errors:
        raise ValidationError(errors)
    if submit:
        missing = [c.reference for pk, c in applicable.items() if pk not in existing]
        if missing:
            raise ValidationError(
                "Rate every commitment before submitting; still to rate: "
                + ", ".join(missing)
                + "."
            )
        assessment.submitted_at = timezone.now()
        assessment.submitted_by = by
        validated_save(assessment, by=by)
    return assessment


def gaps_without_action(round: AssessmentRound):
    """The round's ratings of "partly met" or "not met" that no action plan item closes yet."""
    return Rating.objects.filter(
        assessment__round=round, value__in=Rating.GAPS, action__isnull=True
    )


@transaction.atomic
def actions_from_gaps(*, round: AssessmentRound, due_date: datetime.date | None = None, by) -> int:
    """One action plan item for each rating of "partly met" or "not met" that has none yet.
    Returns how many were added."""
    AssessmentRound.objects.select_for_update().get(pk=round.pk)
    gaps = (
        gaps_without_action(round)
        .select_related("commitment", "commitment__code", "assessment__organisation")
        .order_by(
            "assessment__organisation__name", "commitment__code__number", "commitment__number"
        )
    )
    added = 0
    for rating in gaps:
        organisation: Organisation = rating.assessment.organisation
        c = rating.commitment
        item = ActionPlanItem(
            round=round,
            commitment=c,
            organisation=organisation,
            rating=rating,
            item=f"Meet commitment {c.reference} ({rating.get_value_display().lower()}): {c.text}",
            owner=organisation.name,
            due_date=due_date,
        )
        validated_save(item, by=by)
        added += 1
    return added
