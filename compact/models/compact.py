"""The Compact: its codes and commitments, endorsements, the consultation register and
breaches."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Sector(models.TextChoices):
    """The two sides of the Compact. Organisations map onto them by their register sector."""

    PUBLIC = "public", "Public sector"
    VCFS = "vcfs", "Voluntary, community and faith sector"


# Organisation.Sector → the Compact's side; private-sector bodies are not party to it.
SECTOR_OF = {"public": Sector.PUBLIC, "vcfs": Sector.VCFS, "community": Sector.VCFS}
REGISTER_SECTORS = {Sector.PUBLIC: ["public"], Sector.VCFS: ["vcfs", "community"]}


class Compact(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONSULTATION = "consultation", "Out to consultation"
        ADOPTED = "adopted", "Adopted"
        SUPERSEDED = "superseded", "Superseded"

    name = models.CharField(
        max_length=200,
        unique=True,
        error_messages={"unique": "A Compact with this name is already recorded."},
    )
    area = models.CharField(max_length=200, help_text="e.g. Cheshire West and Chester")
    adopted_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.CharField(
        max_length=20, default="1.0", help_text="The version partners endorse, e.g. 1.0 or 2009."
    )
    summary = models.TextField(blank=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="compacts",
        help_text="The partnership whose member organisations are asked to endorse it. "
        "Without one, every active public-sector and voluntary, community and faith sector "
        "organisation is.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("compact:compact_detail", args=[self.pk])

    def clean(self):
        if self.status == self.Status.ADOPTED and not self.adopted_date:
            raise ValidationError({"adopted_date": "Give the date the Compact was adopted."})

    def partners(self):
        """The organisations asked to endorse this Compact (see ``partnership``)."""
        from partnerships.models import Membership, Organisation

        # Private-sector bodies are not party to the Compact, even with a seat on the board.
        active = Organisation.objects.filter(active=True, sector__in=list(SECTOR_OF))
        if self.partnership_id is None:
            return active
        seated = Q(board_seats__board__partnership_id=self.partnership_id)
        members = Membership.objects.current().filter(
            board__partnership_id=self.partnership_id, organisation__isnull=False
        )
        return active.filter(seated | Q(pk__in=members.values("organisation_id"))).distinct()

    def yet_to_endorse(self):
        """Partners with no endorsement of the current version."""
        endorsed = Endorsement.objects.filter(compact=self, version=self.version)
        return self.partners().exclude(pk__in=endorsed.values("organisation_id")).order_by("name")


class Code(models.Model):
    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="codes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["compact", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["compact", "number"],
                name="code_number_unique_in_compact",
                violation_error_message="This Compact already has a code with this number.",
            )
        ]

    def __str__(self):
        return f"Code {self.number}: {self.title}"

    def get_absolute_url(self):
        return f"{self.compact.get_absolute_url()}#code-{self.number}"


class Commitment(models.Model):
    class Whose(models.TextChoices):
        SHARED = "shared", "Shared"
        PUBLIC = "public", "Public sector"
        VCFS = "vcfs", "Voluntary, community and faith sector"

    class Check(models.TextChoices):
        CONSULTATION_LENGTH = "consultation_length", "Consultations last at least N weeks"
        FUNDING_NOTICE = "funding_notice", "N months' notice of a funding reduction or end"
        PAYMENT_DAYS = "payment_days", "Payments made within N days of falling due"

    CHECK_UNITS = {
        Check.CONSULTATION_LENGTH: ("week", "weeks"),
        Check.FUNDING_NOTICE: ("month", "months"),
        Check.PAYMENT_DAYS: ("day", "days"),
    }

    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="commitments")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    whose = models.CharField(max_length=10, choices=Whose.choices, default=Whose.SHARED)
    check_kind = models.CharField(
        "checked against records",
        max_length=30,
        choices=Check.choices,
        blank=True,
        help_text="Where the commitment carries a number, the portal checks its own records.",
    )
    check_number = models.PositiveIntegerField(
        "number", null=True, blank=True, help_text="Weeks, months or days, by the check."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["code__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "number"],
                name="commitment_number_unique_in_code",
                violation_error_message="This code already has a commitment with this number.",
            ),
            models.CheckConstraint(
                condition=(Q(check_kind="") & Q(check_number__isnull=True))
                | (~Q(check_kind="") & Q(check_number__gt=0)),
                name="commitment_check_has_its_number",
                violation_error_message="A check needs its number (more than 0), and a number "
                "needs a check.",
            ),
        ]

    def __str__(self):
        return f"{self.code.number}.{self.number} {self.text[:80]}"

    def get_absolute_url(self):
        return f"{self.code.compact.get_absolute_url()}#commitment-{self.pk}"

    def clean(self):
        if self.check_kind and not self.check_number:
            raise ValidationError({"check_number": "Give the number this check uses."})
        if self.check_number and not self.check_kind:
            raise ValidationError({"check_kind": "Choose what the number is checked against."})

    @property
    def reference(self) -> str:
        return f"{self.code.number}.{self.number}"

    @property
    def check_label(self) -> str:
        if not self.check_kind:
            return ""
        one, many = self.CHECK_UNITS[self.check_kind]
        unit = one if self.check_number == 1 else many
        return {
            self.Check.CONSULTATION_LENGTH: f"Consultations last at least {self.check_number} "
            f"{unit} unless a reason is recorded",
            self.Check.FUNDING_NOTICE: f"At least {self.check_number} {unit}' notice before "
            "funding is reduced or ended",
            self.Check.PAYMENT_DAYS: f"Payments made within {self.check_number} {unit} of "
            "falling due",
        }[self.check_kind].replace("1 month'", "1 month's")


class Endorsement(models.Model):
    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="endorsements")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="compact_endorsements"
    )
    version = models.CharField(max_length=20, help_text="The Compact version endorsed.")
    endorsed_on = models.DateField()
    endorsed_by = models.CharField(
        max_length=200, help_text="Who endorsed it for the organisation, e.g. the Cabinet."
    )
    meeting = models.ForeignKey(
        "partnerships.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="compact_endorsements",
        help_text="The meeting where the endorsement was minuted, if it is in the portal.",
    )
    minute_reference = models.CharField(
        "minuted at",
        max_length=200,
        blank=True,
        help_text="e.g. Cabinet, 8 September 2008, minute 52.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-endorsed_on", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["compact", "organisation", "version"],
                name="endorsement_once_per_version",
                violation_error_message="This organisation has already endorsed this version.",
            )
        ]

    def __str__(self):
        return f"{self.organisation} endorsed {self.compact} {self.version}"

    def get_absolute_url(self):
        return f"{self.compact.get_absolute_url()}#endorsements"

    def clean(self):
        if self.endorsed_on and self.endorsed_on > timezone.localdate():
            raise ValidationError({"endorsed_on": "The endorsement date cannot be in the future."})


class Consultation(models.Model):
    """A consultation run by a partner, judged against the principles in document 001."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="consultations")
    title = models.CharField(max_length=250)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="compact_consultations",
        help_text="The body consulting.",
    )
    owner = models.CharField(max_length=200, help_text="The officer responsible.")
    start_date = models.DateField()
    end_date = models.DateField()
    consultees = models.TextField("who is consulted", blank=True)
    groups_affected = models.TextField(blank=True)
    formative_stage = models.BooleanField(
        "at a formative stage",
        default=False,
        help_text="Proposals were still at a formative stage when the consultation began.",
    )
    reasons_given = models.BooleanField(
        default=False,
        help_text="Sufficient reasons, and the criteria to be applied, were given for "
        "intelligent consideration and response.",
    )
    adequate_time = models.BooleanField(
        default=False, help_text="Adequate time was given for consideration and response."
    )
    responses_considered = models.BooleanField(
        "responses taken into account",
        default=False,
        help_text="The product of the consultation was conscientiously taken into account.",
    )
    shorter_reason = models.TextField(
        "reason for a shorter period",
        blank=True,
        help_text="Why the consultation ran for less than the Compact's period, if it did.",
    )
    outcome = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="consultation_ends_after_it_starts",
                violation_error_message="The end date must not be before the start date.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("compact:consultation_detail", args=[self.pk])

    @property
    def weeks(self) -> float:
        return (self.end_date - self.start_date).days / 7

    def falls_short_of(self, weeks: int | None) -> bool:
        """Ran for less than ``weeks`` with no reason recorded for the shorter period (the
        findings' ``short_consultations`` asks the same of the database)."""
        return bool(
            weeks and (self.end_date - self.start_date).days < 7 * weeks and not self.shorter_reason
        )

    @property
    def principles(self) -> list[tuple[str, bool]]:
        return [
            ("At a formative stage", self.formative_stage),
            ("Reasons given", self.reasons_given),
            ("Adequate time", self.adequate_time),
            ("Responses taken into account", self.responses_considered),
        ]


class BreachQuerySet(models.QuerySet):
    def for_log(self):
        return self.select_related(
            "compact", "commitment", "commitment__code", "raised_by", "against"
        )

    def open(self):
        return self.filter(closed_on__isnull=True)


class Breach(models.Model):
    class Stage(models.TextChoices):
        INFORMAL = "informal", "Informal resolution"
        MEDIATION = "mediation", "Mediation"
        REFERRED = "referred", "Referred"

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="breaches")
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="breaches")
    raised_by = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="breaches_raised"
    )
    against = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="breaches_against"
    )
    what_happened = models.TextField()
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.INFORMAL)
    outcome = models.TextField(blank=True)
    raised_on = models.DateField()
    closed_on = models.DateField(
        "resolved on", null=True, blank=True, help_text="Leave empty while it is open."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = BreachQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name_plural = "breaches"
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("raised_on")),
                name="breach_closed_after_raised",
                violation_error_message="A breach cannot be resolved before it was raised.",
            ),
            models.CheckConstraint(
                condition=~Q(raised_by=models.F("against")),
                name="breach_between_two_organisations",
                violation_error_message="A breach is raised by one organisation against another.",
            ),
        ]

    def __str__(self):
        return f"{self.raised_by} v {self.against}: {self.commitment.reference}"

    def get_absolute_url(self):
        return reverse("compact:breach_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def clean(self):
        errors = {}
        if self.closed_on and not self.outcome.strip():
            errors["outcome"] = "Record the outcome when the breach is resolved."
        if (
            self.commitment_id
            and self.compact_id
            and self.commitment.code.compact_id != self.compact_id
        ):
            errors["commitment"] = "Choose a commitment of this Compact."
        if errors:
            raise ValidationError(errors)
