"""Boards of partnerships, the people on them and the seats each organisation holds."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Board(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", "Main board"
        SUB_GROUP = "sub_group", "Sub-group"
        OFFICER_GROUP = "officer_group", "Officer group"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        SIX_WEEKLY = "six_weekly", "Every six weeks"
        BI_MONTHLY = "bi_monthly", "Every two months"
        QUARTERLY = "quarterly", "Quarterly"
        SIX_MONTHLY = "six_monthly", "Twice a year"
        ANNUALLY = "annually", "Once a year"
        AS_NEEDED = "as_needed", "As needed"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="boards"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MAIN)
    quorum = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1)],
        help_text="How many voting members must be present for a decision.",
    )
    meeting_frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    public = models.BooleanField(
        "open to the public",
        default=True,
        help_text="A public board's meetings, papers and minutes are on the public site once "
        "published. Untick for a private group, such as an officer group.",
    )
    pack_lead_days = models.PositiveSmallIntegerField(
        "pack published (clear working days before)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Clear working days between publishing the agenda pack and the meeting.",
    )
    report_deadline_days = models.PositiveSmallIntegerField(
        "reports due (working days before publication)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Working days before the pack's publication date by which each report must "
        "be written and submitted for sign-off. Authors are reminded before it and chased "
        "after it.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="board_name_unique_in_partnership",
                violation_error_message="This partnership already has a board of that name.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:board_detail", args=[self.pk])


class BoardSeat(models.Model):
    """How many seats an organisation holds on a board (vacancies are the seats not filled)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="seats")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="board_seats"
    )
    seats = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "organisation"],
                name="one_seat_allocation_per_organisation",
                violation_error_message="This organisation already has seats on this board.",
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.seats} seat(s) on {self.board}"

    def get_absolute_url(self):
        return self.board.get_absolute_url()


class Contact(models.Model):
    """Someone who sits on a board without signing in to the portal."""

    name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def current(self, today=None):
        """Memberships in force today: started (or with no start recorded) and not ended."""
        today = today or timezone.localdate()
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=today),
            Q(end_date__isnull=True) | Q(end_date__gte=today),
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        SUBSTITUTE = "substitute", "Substitute"
        OBSERVER = "observer", "Observer"
        SUPPORTING_OFFICER = "supporting_officer", "Supporting officer"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="Someone who signs in to the portal…",
    )
    contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="…or a contact without a login.",
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="The organisation this person represents on the board.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting = models.BooleanField(default=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="Set when the person leaves; past members stay listed."
    )

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["board", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(contact__isnull=True))
                | (Q(user__isnull=True) & Q(contact__isnull=False)),
                name="membership_is_a_user_or_a_contact",
                violation_error_message="Choose either a portal user or a contact, not both.",
            ),
            models.UniqueConstraint(
                fields=["board"],
                condition=Q(role="chair", end_date__isnull=True),
                name="one_current_chair_per_board",
                violation_error_message="This board already has a chair. End the current "
                "chair's membership first.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_it_starts",
                violation_error_message="The end date must not be before the start date.",
            ),
        ]

    def __str__(self):
        return f"{self.person_name}, {self.get_role_display().lower()} of {self.board}"

    def get_absolute_url(self):
        return self.board.get_absolute_url()

    @property
    def person(self):
        return self.user or self.contact

    @property
    def person_name(self) -> str:
        person = self.person
        if person is None:
            return "—"
        return person.get_full_name() if hasattr(person, "get_full_name") else person.name

    def in_force_on(self, day) -> bool:
        """On the board on ``day``: started by then (or with no start recorded), not ended."""
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or self.end_date >= day
        )

    @property
    def is_current(self) -> bool:
        return self.in_force_on(timezone.localdate())

    def clean(self):
        errors = {}
        if bool(self.user_id) == bool(self.contact_id):
            errors["user"] = "Choose either a portal user or a contact, not both."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must not be before the start date."
        if self.role == self.Role.CHAIR and self.board_id:
            # Chairs may hand over on a date (one ends, the next starts) but never overlap.
            others = Membership.objects.filter(board_id=self.board_id, role=self.Role.CHAIR)
            if self.end_date:
                others = others.filter(
                    Q(start_date__isnull=True) | Q(start_date__lte=self.end_date)
                )
            if self.start_date:
                others = others.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
            if others.exclude(pk=self.pk).exists():
                errors["role"] = (
                    "This board already has a chair for those dates. End the current chair's "
                    "membership first."
                )
        if errors:
            raise ValidationError(errors)


class Interest(models.Model):
    """An entry in a member's standing register of interests, kept by the member or an
    officer; declarations at a meeting are made against it."""

    class Kind(models.TextChoices):
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        OTHER_REGISTRABLE = "other_registrable", "Other registrable interest"
        NON_REGISTRABLE = "non_registrable", "Non-registrable interest"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="interests",
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="interests"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(
        help_text="What the interest is: the employment, body, land or gift, and whose it is."
    )
    start_date = models.DateField("from", null=True, blank=True)
    end_date = models.DateField("to", null=True, blank=True, help_text="Blank while it stands.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(contact__isnull=True))
                | (Q(user__isnull=True) & Q(contact__isnull=False)),
                name="interest_is_a_user_or_a_contact",
                violation_error_message="An interest belongs to one person.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="interest_ends_after_it_starts",
                violation_error_message="The end date must not be before the start date.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:60]}"

    @property
    def person(self):
        return self.user or self.contact

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must not be before the start date."})
