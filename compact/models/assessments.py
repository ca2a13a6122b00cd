"""Self-assessment rounds: each participating organisation rates the commitments that apply to
its sector; an action plan follows from the gaps."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .compact import SECTOR_OF, Commitment, Compact


class AssessmentRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open for answers"
        CLOSED = "closed", "Closed"

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(max_length=200, help_text="e.g. Compact self-assessment 2009/10")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="round_period_ends_after_it_starts",
                violation_error_message="The period must end after it starts.",
            ),
            models.UniqueConstraint(
                fields=["compact", "title"],
                name="round_title_unique_in_compact",
                violation_error_message="This Compact already has a round with this title.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("compact:round_detail", args=[self.pk])


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The assessments ``compact.view_assessment`` lets this user read: their own
        organisation's; and submitted ones of a Compact whose partnership's board they sit on."""
        from partnerships.models import Membership
        from portal.permissions import has_any_role, is_partner_contact, is_staff_role

        if is_staff_role(user):
            return self
        if not has_any_role(user):
            return self.none()
        seats = Membership.objects.current().filter(
            user_id=user.pk, board__partnership_id=models.OuterRef("round__compact__partnership_id")
        )
        visible = Q(submitted_at__isnull=False) & models.Exists(seats)
        if is_partner_contact(user) and user.organisation_id:
            visible |= Q(organisation_id=user.organisation_id)
        return self.filter(visible)


class Assessment(models.Model):
    """One organisation's answers in one round."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="assessments")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="compact_assessments"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"],
                name="assessment_once_per_round",
                violation_error_message="This organisation already takes part in this round.",
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.round}"

    def get_absolute_url(self):
        return reverse("compact:assessment_detail", args=[self.pk])

    @property
    def sector(self):
        return SECTOR_OF.get(self.organisation.sector)

    def commitments(self):
        """The commitments of the round's Compact that apply to this organisation's sector."""
        return applicable_commitments(self.round.compact_id, self.sector)


def applicable_commitments(compact_id, sector):
    whose = [Commitment.Whose.SHARED] + ([sector] if sector else [])
    return (
        Commitment.objects.filter(code__compact_id=compact_id, whose__in=whose)
        .select_related("code")
        .order_by("code__number", "number")
    )


class Rating(models.Model):
    class Value(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"
        NOT_APPLICABLE = "na", "Not applicable"

    # The ratings an action plan closes.
    GAPS = [Value.PARTLY, Value.NOT_MET]

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="ratings")
    value = models.CharField("rating", max_length=10, choices=Value.choices)
    evidence = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment__code__number", "commitment__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "commitment"],
                name="rating_once_per_commitment",
                violation_error_message="This commitment is already rated in this assessment.",
            )
        ]

    def __str__(self):
        return f"{self.commitment.reference}: {self.get_value_display()}"

    def get_absolute_url(self):
        return self.assessment.get_absolute_url()

    @property
    def is_gap(self) -> bool:
        return self.value in self.GAPS


class ActionPlanItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="actions")
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="compact_actions",
        help_text="The organisation whose gap this closes, if it is one organisation's.",
    )
    rating = models.OneToOneField(
        Rating, null=True, blank=True, on_delete=models.SET_NULL, related_name="action"
    )
    item = models.TextField("action")
    owner = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)

    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "due_date", "pk"]

    def __str__(self):
        return self.item[:80]

    def get_absolute_url(self):
        return f"{self.round.get_absolute_url()}#action-plan"

    def clean(self):
        if (
            self.commitment_id
            and self.round_id
            and self.commitment.code.compact_id != self.round.compact_id
        ):
            raise ValidationError({"commitment": "Choose a commitment of this round's Compact."})
