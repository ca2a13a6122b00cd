"""Risk logs for a partnership or a project within one, their risks and the actions on them."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnerships.models import Partnership

from .programmes import PartnershipScopedQuerySet

SCORES = (
    "inherent_likelihood",
    "inherent_impact",
    "residual_likelihood",
    "residual_impact",
    "target_likelihood",
    "target_impact",
)


class RiskLogQuerySet(PartnershipScopedQuerySet):
    pass


class RiskLog(models.Model):
    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", "The partnership's own risks"
        PROJECT = "project", "A project of the partnership"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="risk_logs")
    name = models.CharField(max_length=200, help_text="e.g. Ambition for All refresh")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROJECT)
    description = models.TextField(blank=True)
    matrix = models.ForeignKey(
        "workprogramme.RiskMatrix",
        on_delete=models.PROTECT,
        related_name="risk_logs",
        help_text="The risk matrix this log's risks are scored with.",
    )
    appetite = models.PositiveSmallIntegerField(
        "risk appetite",
        default=8,
        validators=[MinValueValidator(1)],
        help_text="The highest residual score (likelihood × impact) the partnership accepts; "
        "risks above it are flagged.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = RiskLogQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="risk_log_name_unique_per_partnership",
                violation_error_message="This partnership already has a risk log with that name.",
            )
        ]

    def __str__(self):
        return f"{self.name} risk log"

    def get_absolute_url(self):
        return reverse("workprogramme:risklog_detail", args=[self.pk])

    def clean(self):
        if (
            self.matrix_id
            and self.appetite
            and self.appetite > (self.matrix.likelihood_scale * self.matrix.impact_scale)
        ):
            raise ValidationError(
                {"appetite": "The appetite is above the highest score the matrix can give."}
            )


class RiskQuerySet(PartnershipScopedQuerySet):
    def with_flags(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.annotate(
            inherent_score=F("inherent_likelihood") * F("inherent_impact"),
            residual_score=F("residual_likelihood") * F("residual_impact"),
        ).annotate(
            review_overdue=Case(
                When(Q(status=Risk.Status.OPEN, review_date__lt=today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            above_appetite=Case(
                When(
                    Q(status=Risk.Status.OPEN, residual_score__gt=F("log__appetite")),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )

    def for_list(self):
        return (
            self.with_flags()
            .select_related("log", "matrix")
            .prefetch_related("matrix__levels")
            # R2 before R10: shorter references first, then alphabetically.
            .order_by("-residual_score", Length("reference"), "reference")
        )


class Risk(models.Model):
    class Category(models.TextChoices):
        STRATEGIC = "strategic", "Strategic"
        PARTNERSHIP = "partnership", "Partnership and reputation"
        LEGAL = "legal", "Legal and compliance"
        FINANCIAL = "financial", "Financial"
        RESOURCES = "resources", "People and capacity"
        DELIVERY = "delivery", "Delivery and timescales"
        COMMUNITY = "community", "Community and equality"

    class Treatment(models.TextChoices):
        TOLERATE = "tolerate", "Tolerate"
        TREAT = "treat", "Treat"
        TRANSFER = "transfer", "Transfer"
        TERMINATE = "terminate", "Terminate"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    log = models.ForeignKey(RiskLog, on_delete=models.CASCADE, related_name="risks")
    reference = models.CharField(max_length=20, help_text="e.g. R1")
    title = models.CharField("risk", max_length=300)
    cause = models.TextField()
    effect = models.TextField()
    category = models.CharField(max_length=20, choices=Category.choices)
    owner = models.CharField("risk owner", max_length=200)
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    controls = models.TextField("controls in place", blank=True)
    residual_likelihood = models.PositiveSmallIntegerField()
    residual_impact = models.PositiveSmallIntegerField()
    target_likelihood = models.PositiveSmallIntegerField()
    target_impact = models.PositiveSmallIntegerField()
    treatment = models.CharField(max_length=20, choices=Treatment.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    review_date = models.DateField("next review")
    matrix = models.ForeignKey(
        "workprogramme.RiskMatrix",
        on_delete=models.PROTECT,
        related_name="risks",
        editable=False,
        help_text="The matrix version the scores were given on.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["log", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["log", "reference"],
                name="risk_reference_unique_per_log",
                violation_error_message="This log already has a risk with that reference.",
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def save(self, *args, **kwargs):
        self.matrix = self.scoring_matrix()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workprogramme:risk_detail", args=[self.pk])

    @property
    def partnership(self):
        return self.log.partnership

    def _scores_changed(self) -> bool:
        if self.pk is None:
            return True
        saved = Risk.objects.filter(pk=self.pk).values(*SCORES).first()
        return saved is None or any(saved[f] != getattr(self, f) for f in SCORES)

    def scoring_matrix(self):
        """New or re-scored risks are scored on the log's matrix; others keep theirs."""
        if self.matrix_id is None or self._scores_changed():
            return self.log.matrix
        return self.matrix

    def clean_fields(self, exclude=None):
        # The matrix follows from the log (in clean() and save()).
        super().clean_fields(set(exclude or ()) | {"matrix"})

    def clean(self):
        if not self.log_id:
            return
        matrix = self.scoring_matrix()
        errors = {}
        for stage in ("inherent", "residual", "target"):
            errors.update(
                matrix.check_score(
                    getattr(self, f"{stage}_likelihood"),
                    getattr(self, f"{stage}_impact"),
                    prefix=f"{stage}_",
                )
            )
        if errors:
            raise ValidationError(errors)
        self.matrix = matrix

    def _level(self, stage):
        return self.matrix.level_for(
            getattr(self, f"{stage}_likelihood"), getattr(self, f"{stage}_impact")
        )

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_impact

    @property
    def inherent_level(self):
        return self._level("inherent")

    @property
    def residual_level(self):
        return self._level("residual")

    @property
    def target_level(self):
        return self._level("target")


class RiskAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("action")
    owner = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return self.risk.get_absolute_url() + "#actions"

    @property
    def partnership(self):
        return self.risk.log.partnership

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != self.Status.DONE
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )
