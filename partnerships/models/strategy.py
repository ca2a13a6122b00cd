"""Strategies, their outcomes, and the delivery plans of actions that boards own."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Strategy(models.Model):
    name = models.CharField(max_length=200, unique=True)
    period_start = models.DateField()
    period_end = models.DateField()
    vision = models.TextField(blank=True)
    owner = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="strategies",
        help_text="The partnership that owns the strategy.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "name"]
        verbose_name_plural = "strategies"
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="strategy_period_ends_after_it_starts",
                violation_error_message="The period must end after it starts.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:strategy_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.period_start.year}–{self.period_end.year}"

    def clean(self):
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": "The period must end after it starts."})


class Outcome(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="outcomes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"],
                name="outcome_number_unique_in_strategy",
                violation_error_message="This strategy already has an outcome with that number.",
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return self.strategy.get_absolute_url() + f"#outcome-{self.number}"


class ActionQuerySet(models.QuerySet):
    def for_plan(self):
        return self.select_related("owner", "outcome", "outcome__strategy", "board")


class Action(models.Model):
    """An action in a board's delivery plan, towards one of a strategy's outcomes."""

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"
        COMPLETE = "complete", "Complete"

    board = models.ForeignKey(
        "partnerships.Board", on_delete=models.CASCADE, related_name="actions"
    )
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_owned",
    )
    measure_of_success = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    rag = models.CharField("RAG status", max_length=10, choices=Rag.choices, default=Rag.GREEN)
    progress = models.TextField(
        "progress notes",
        blank=True,
        help_text="The latest position; earlier notes stay in the history.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["outcome__number", "due_date", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:action_edit", args=[self.pk])
