"""Risk matrices as data: scales with labels, a grid that maps each cell to a level, and
levels that carry a colour, a name (so colour is never the only signal) and a priority.

A matrix version that has scored anything is frozen: changing its scales, grid or levels would
silently rescore history, so a change makes a new version instead (``services.matrix_revise``).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

SCORING_FIELDS = ("likelihood_labels", "impact_labels", "grid")

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Give the colour as # and six hexadecimal digits, e.g. #a4161a."
)


class RiskMatrix(models.Model):
    name = models.CharField(max_length=120, help_text="e.g. Standard 5 × 5")
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="next_version",
        help_text="The version this one replaced.",
    )
    likelihood_labels = models.JSONField(
        default=list, help_text="The likelihood scale, lowest first: one label per score."
    )
    impact_labels = models.JSONField(
        default=list, help_text="The impact scale, lowest first: one label per score."
    )
    grid = models.JSONField(
        default=list,
        help_text="grid[likelihood − 1][impact − 1] is the rank of the cell's level.",
    )
    is_default = models.BooleanField(
        default=False, help_text="Offered first for new work programmes and risk logs."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = "risk matrix"
        verbose_name_plural = "risk matrices"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"],
                name="risk_matrix_version_unique",
                violation_error_message="This matrix already has a version with that number.",
            ),
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_risk_matrix",
                violation_error_message="Only one matrix version can be the default.",
            ),
        ]

    def __str__(self):
        return f"{self.name} (version {self.version})"

    def save(self, *args, **kwargs):
        if self.pk is not None and self.in_use():
            saved = RiskMatrix.objects.get(pk=self.pk)
            if any(getattr(saved, f) != getattr(self, f) for f in SCORING_FIELDS):
                raise ValidationError(
                    f"{saved} has scored assessments or risks, so its scales and grid are "
                    "frozen: make a new version instead."
                )
        super().save(*args, **kwargs)

    @property
    def likelihood_scale(self) -> int:
        return len(self.likelihood_labels or [])

    @property
    def impact_scale(self) -> int:
        return len(self.impact_labels or [])

    def in_use(self) -> bool:
        from .programmes import TaskAssessment
        from .risks import Risk

        if self.pk is None:
            return False
        return (
            TaskAssessment.objects.filter(matrix=self).exists()
            or Risk.objects.filter(matrix=self).exists()
        )

    def is_current(self) -> bool:
        return not RiskMatrix.objects.filter(previous=self).exists()

    def levels_by_rank(self) -> dict:
        cached = getattr(self, "_levels_by_rank", None)
        if cached is None:
            cached = {level.rank: level for level in self.levels.all()}
            self._levels_by_rank = cached
        return cached

    def check_score(self, likelihood, impact, *, prefix="") -> dict:
        """Errors for a score outside this matrix's scales ({field: message})."""
        errors = {}
        if likelihood is not None and not 1 <= likelihood <= self.likelihood_scale:
            errors[f"{prefix}likelihood"] = (
                f"Likelihood must be between 1 and {self.likelihood_scale} on {self}."
            )
        if impact is not None and not 1 <= impact <= self.impact_scale:
            errors[f"{prefix}impact"] = (
                f"Impact must be between 1 and {self.impact_scale} on {self}."
            )
        return errors

    def level_for(self, likelihood: int, impact: int):
        """The level of a cell (the grid is a lookup, so it may be asymmetric)."""
        if not (1 <= likelihood <= self.likelihood_scale and 1 <= impact <= self.impact_scale):
            raise ValidationError(
                f"A likelihood of {likelihood} and impact of {impact} is outside {self}."
            )
        rank = self.grid[likelihood - 1][impact - 1]
        return self.levels_by_rank()[rank]

    def clean(self):
        errors = {}
        for field in ("likelihood_labels", "impact_labels"):
            labels = getattr(self, field)
            if not isinstance(labels, list) or not 2 <= len(labels) <= 10:
                errors[field] = "A scale has between 2 and 10 points."
            elif any(not isinstance(x, str) or not x.strip() for x in labels):
                errors[field] = "Every point of a scale needs a label."
        if not errors:
            grid = self.grid
            if (
                not isinstance(grid, list)
                or len(grid) != self.likelihood_scale
                or any(not isinstance(r, list) or len(r) != self.impact_scale for r in grid)
            ):
                errors["grid"] = (
                    f"The grid needs {self.likelihood_scale} rows (likelihood) of "
                    f"{self.impact_scale} cells (impact)."
                )
            elif any(not isinstance(cell, int) or cell < 1 for row in grid for cell in row):
                errors["grid"] = "Each cell of the grid is a level rank: 1, 2, 3 …"
        if errors:
            raise ValidationError(errors)

    def check_levels(self, ranks: set[int]) -> None:
        """Every rank the grid uses must be one of the levels."""
        used = {cell for row in self.grid for cell in row}
        missing = sorted(used - ranks)
        if missing:
            raise ValidationError(
                {"grid": "The grid uses level ranks with no level: " + ", ".join(map(str, missing))}
            )


class RiskLevel(models.Model):
    class Priority(models.IntegerChoices):
        ONE = 1, "Priority 1"
        TWO = 2, "Priority 2"
        THREE = 3, "Priority 3"

    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="1 is the most severe; the grid names levels by rank.",
    )
    name = models.CharField(max_length=60, help_text="Shown with the colour, e.g. High")
    colour = models.CharField(max_length=7, validators=[colour_validator], default="#a4161a")
    text_colour = models.CharField(
        max_length=7,
        validators=[colour_validator],
        default="#ffffff",
        help_text="Text on the colour; keep a contrast of 4.5:1 at least.",
    )
    priority = models.PositiveSmallIntegerField(choices=Priority.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["matrix", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["matrix", "rank"],
                name="risk_level_rank_unique",
                violation_error_message="This matrix already has a level with that rank.",
            ),
        ]

    def __str__(self):
        return f"Level {self.rank}: {self.name}"

    def save(self, *args, **kwargs):
        if self._frozen():
            saved = RiskLevel.objects.filter(pk=self.pk).first() if self.pk else None
            fields = ("rank", "name", "colour", "text_colour", "priority")
            if saved is None or any(getattr(saved, f) != getattr(self, f) for f in fields):
                raise ValidationError(
                    f"{self.matrix} has scored assessments or risks, so its levels are "
                    "frozen: make a new version instead."
                )
        super().save(*args, **kwargs)

    def _frozen(self) -> bool:
        return self.matrix_id is not None and self.matrix.in_use()

    def delete(self, *args, **kwargs):
        if self._frozen():
            raise ValidationError(
                f"{self.matrix} has scored assessments or risks, so its levels are frozen."
            )
        return super().delete(*args, **kwargs)
