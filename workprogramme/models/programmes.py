"""Work programmes, their tasks, the links between tasks and the risk-of-deferral
assessments that give each task its priority."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnerships.models import Organisation, Partnership

MONEY = {"max_digits": 12, "decimal_places": 2}


class PartnershipScopedQuerySet(models.QuerySet):
    """Records read under their partnership's rules (``workprogramme.view_programme``), by the
    way up to it that ``workprogramme.permissions`` registers for each model."""

    def visible_to(self, user):
        from partnerships.permissions import visible_to

        return visible_to(self, user)

    def kept_by(self, user):
        from partnerships.permissions import partnership_path

        return self.filter(
            **{f"{partnership_path(self.model)}__in": Partnership.objects.kept_by(user)}
        )


class WorkProgrammeQuerySet(PartnershipScopedQuerySet):
    pass


class WorkProgramme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="work_programmes"
    )
    title = models.CharField(max_length=200, help_text="e.g. Work Programme 2007/08")
    period_start = models.DateField("period from")
    period_end = models.DateField("period to")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(blank=True)
    matrix = models.ForeignKey(
        "workprogramme.RiskMatrix",
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text="The risk matrix new assessments of deferral are scored with.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = WorkProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"],
                name="programme_title_unique_per_partnership",
                violation_error_message="This partnership already has a programme with that title.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="programme_period_ends_after_it_starts",
                violation_error_message="The period must not end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.partnership})"

    def get_absolute_url(self):
        return reverse("workprogramme:programme_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"


class TaskQuerySet(PartnershipScopedQuerySet):
    def for_list(self):
        return self.select_related(
            "lead_organisation", "current_assessment__level", "programme"
        ).order_by(F("priority").asc(nulls_last=True), "number")

    def needing_action(self):
        """Tasks still to be done by this programme: not complete, not merged into another
        task (it is done with that one) and not in hand elsewhere."""
        return self.exclude(status__in=Task.SETTLED)

    def level_one_shortlist(self):
        """The level-1 tasks the shortlist names: priority 1 and not in hand elsewhere. Merged
        tasks are kept so the shortlist can show them with the task that incorporates them."""
        return self.filter(priority=1).exclude(status=Task.Status.IN_HAND_ELSEWHERE)


class Task(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        DEFERRED = "deferred", "Deferred"
        MERGED = "merged", "Merged into another task"
        IN_HAND_ELSEWHERE = "in_hand_elsewhere", "In hand elsewhere (e.g. through the LAA)"

    # Statuses that need no more action from this programme: kept on it, never flagged as
    # unfinished work (document 003 leaves tasks 5 and 7 off its shortlist as "already being
    # addressed with the LAA").
    SETTLED = (Status.COMPLETE, Status.MERGED, Status.IN_HAND_ELSEWHERE)

    programme = models.ForeignKey(WorkProgramme, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField("key task / activity", max_length=400)
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the task comes from, e.g. the December 2006 report.",
    )
    audit_commission = models.BooleanField(
        "Audit Commission recommendation",
        default=False,
        help_text="The task answers a recommendation of the Audit Commission.",
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
        help_text="Leave empty while the lead is still to be identified.",
    )
    lead_person = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    status_reason = models.CharField(
        "reason for the status",
        max_length=300,
        blank=True,
        help_text='Why, for a task in hand elsewhere, deferred or merged, e.g. "already being '
        'addressed with the LAA".',
    )
    comments = models.TextField(blank=True)
    staff_days = models.DecimalField(
        "staff days committed",
        max_digits=7,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    budget = models.DecimalField(
        "money committed (£)", **MONEY, default=0, validators=[MinValueValidator(0)]
    )
    # Kept in step by the services: the latest assessment and the priority it gives (or its
    # override), so lists filter and sort on plain columns.
    current_assessment = models.ForeignKey(
        "workprogramme.TaskAssessment",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    priority = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="task_number_unique_per_programme",
                violation_error_message="This programme already has a task with that number.",
            ),
            models.CheckConstraint(
                condition=Q(priority__isnull=True) | Q(priority__in=[1, 2, 3]),
                name="task_priority_1_2_or_3",
                violation_error_message="A priority is 1, 2 or 3.",
            ),
            models.CheckConstraint(
                condition=Q(staff_days__gte=0) & Q(budget__gte=0),
                name="task_resources_not_negative",
                violation_error_message="Resources committed cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("workprogramme:task_detail", args=[self.pk])

    @property
    def partnership(self):
        return self.programme.partnership

    @property
    def on_shortlist(self) -> bool:
        """On the level-1 shortlist (or shown there with the task it is merged into), as
        ``TaskQuerySet.level_one_shortlist`` selects."""
        return self.priority == 1 and self.status != self.Status.IN_HAND_ELSEWHERE


class TaskLink(models.Model):
    class Kind(models.TextChoices):
        INCORPORATES = "incorporates", "Incorporates"
        DEPENDS_ON = "depends_on", "Depends on"
        SUPPORTS = "supports", "Supports"

    REVERSE_LABELS = {
        Kind.INCORPORATES: "Incorporated by",
        Kind.DEPENDS_ON: "Depended on by",
        Kind.SUPPORTS: "Supported by",
    }

    from_task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="links_out")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    to_task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="links_in")
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["from_task__number", "kind", "to_task__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_task", "kind", "to_task"],
                name="task_link_unique",
                violation_error_message="These tasks are already linked in that way.",
            ),
            models.CheckConstraint(
                condition=~Q(from_task=F("to_task")),
                name="task_link_not_to_itself",
                violation_error_message="A task cannot be linked to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.from_task.number} {self.get_kind_display().lower()} {self.to_task.number}"

    @property
    def reverse_label(self) -> str:
        return self.REVERSE_LABELS[self.kind]

    @property
    def partnership(self):
        return self.from_task.programme.partnership

    def clean(self):
        if self.from_task_id and self.to_task_id:
            if self.from_task_id == self.to_task_id:
                raise ValidationError({"to_task": "A task cannot be linked to itself."})
            if self.from_task.programme_id != self.to_task.programme_id:
                raise ValidationError({"to_task": "Link tasks of the same work programme only."})


class TaskAssessment(models.Model):
    """One assessment of the risk of deferring a task. A reassessment is a new record; the
    earlier ones stay. Its level and priority come from the matrix version it was scored with,
    which is frozen once used."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assessments")
    matrix = models.ForeignKey(
        "workprogramme.RiskMatrix", on_delete=models.PROTECT, related_name="assessments"
    )
    likelihood = models.PositiveSmallIntegerField(help_text="How likely harm is if deferred.")
    impact = models.PositiveSmallIntegerField(help_text="How bad that harm would be.")
    level = models.ForeignKey(
        "workprogramme.RiskLevel", on_delete=models.PROTECT, related_name="+", editable=False
    )
    computed_priority = models.PositiveSmallIntegerField(editable=False)
    override_priority = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(1, "Priority 1"), (2, "Priority 2"), (3, "Priority 3")],
        editable=False,
    )
    override_reason = models.TextField(blank=True, editable=False)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    overridden_at = models.DateTimeField(null=True, blank=True, editable=False)
    priority = models.PositiveSmallIntegerField(editable=False)
    rationale = models.TextField(help_text="Why these scores: the risk of deferring the task.")
    assessed_by = models.CharField(
        "assessed by", max_length=200, help_text="Who assessed it: a person or a group."
    )
    assessed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(override_priority__isnull=True) | ~Q(override_reason=""),
                name="assessment_override_needs_reason",
                violation_error_message="An override needs a reason.",
            ),
            models.CheckConstraint(
                condition=Q(priority__in=[1, 2, 3]) & Q(computed_priority__in=[1, 2, 3]),
                name="assessment_priority_1_2_or_3",
                violation_error_message="A priority is 1, 2 or 3.",
            ),
        ]

    def __str__(self):
        return f"{self.assessed_on:%-d %b %Y}: priority {self.priority}"

    def save(self, *args, **kwargs):
        self.score_it()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.task.get_absolute_url() + f"#assessment-{self.pk}"

    @property
    def partnership(self):
        return self.task.programme.partnership

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def likelihood_label(self) -> str:
        return self.matrix.likelihood_labels[self.likelihood - 1]

    @property
    def impact_label(self) -> str:
        return self.matrix.impact_labels[self.impact - 1]

    @property
    def is_overridden(self) -> bool:
        return self.override_priority is not None

    def clean_fields(self, exclude=None):
        # The level and priorities follow from the scores (in clean() and save()).
        super().clean_fields(set(exclude or ()) | {"level", "computed_priority", "priority"})

    def clean(self):
        if self.matrix_id and self.likelihood is not None and self.impact is not None:
            errors = self.matrix.check_score(self.likelihood, self.impact)
            if errors:
                raise ValidationError(errors)
            self.score_it()
        if self.override_priority is not None and not self.override_reason.strip():
            raise ValidationError({"override_reason": "Give the reason for the override."})

    def score_it(self):
        """Level and priority from the matrix version this assessment is scored with."""
        self.level = self.matrix.level_for(self.likelihood, self.impact)
        self.computed_priority = self.level.priority
        self.priority = self.override_priority or self.computed_priority
