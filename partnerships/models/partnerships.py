"""Partnerships, their resources, risk assessments and value-for-money reviews."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.permissions import (
    is_administrator,
    is_board_member,
    is_officer,
    is_partner_contact,
    is_staff_role,
)

MONEY = {"max_digits": 12, "decimal_places": 2}


def financial_year(day: datetime.date) -> int:
    """The UK public sector's financial year (1 April to 31 March), by its first year."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def a_year_after(day: datetime.date) -> datetime.date:
    if day.year == datetime.date.max.year:  # no year after it: the calendar's last day
        return datetime.date.max
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def belonging(user, partnership):
    """The current memberships that make ``user`` belong to ``partnership`` (a partnership or
    an OuterRef): their own seat on one of its boards, or their organisation's."""
    from .boards import Membership

    who = Q(user_id=user.pk)
    if user.organisation_id:
        who |= Q(organisation_id=user.organisation_id)
    return (
        Membership.objects.current()
        .filter(who, board__partnership=partnership)
        .exclude(board__partnership__status=Partnership.Status.PROPOSED)
    )


# A partnership with no review date is due one once it has run this long.
UNREVIEWED_GRACE = datetime.timedelta(days=365)


class PartnershipQuerySet(models.QuerySet):
    def with_flags(self, today: datetime.date | None = None):
        """Annotate this year's resources and the policy flags of document 004: over the
        risk-assessment threshold without a current assessment; value-for-money review overdue."""
        today = today or timezone.localdate()
        year = financial_year(today)
        resources = (
            Contribution.objects.filter(partnership=OuterRef("pk"), financial_year=year)
            .values("partnership")
            .annotate(total=Sum(F("cash") + F("in_kind")))
            .values("total")
        )
        latest_review = ValueForMoneyReview.objects.filter(partnership=OuterRef("pk")).order_by(
            "-reviewed_on", "-pk"
        )
        live = Q(status__in=[Partnership.Status.ACTIVE, Partnership.Status.UNDER_REVIEW])
        return self.annotate(
            current_resources=Coalesce(
                Subquery(resources, output_field=DecimalField(**MONEY)),
                Value(Decimal("0.00")),
                output_field=DecimalField(**MONEY),
            ),
            has_current_risk_assessment=Exists(
                RiskAssessment.objects.filter(
                    partnership=OuterRef("pk"), assessed_on__lte=today, next_review_due__gte=today
                )
            ),
            last_reviewed_on=Subquery(latest_review.values("reviewed_on")[:1]),
            next_review_due=Subquery(latest_review.values("next_review_due")[:1]),
        ).annotate(
            over_threshold=Case(
                When(live, current_resources__gt=settings.PARTNERSHIP_RISK_THRESHOLD, then=True),
                default=Value(False),
                output_field=BooleanField(),
            ),
            needs_risk_assessment=Case(
                When(
                    live,
                    current_resources__gt=settings.PARTNERSHIP_RISK_THRESHOLD,
                    has_current_risk_assessment=False,
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
            review_overdue=Case(
                When(live & Q(next_review_due__lt=today), then=Value(True)),
                # Never reviewed, and running for over a year (from its start date, or from when
                # it was recorded if the start is not known).
                When(
                    live
                    & Q(next_review_due__isnull=True)
                    & (
                        Q(start_date__lt=today - UNREVIEWED_GRACE)
                        | Q(
                            start_date__isnull=True,
                            created_at__date__lt=today - UNREVIEWED_GRACE,
                        )
                    ),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )

    def for_register(self, user):
        """The register page: one row per partnership with its flags and whether this user
        may open it, in a fixed number of queries."""
        rows = self.visible_in_register_to(user).with_flags()
        rows = rows.select_related("accountable_body", "lead_officer", "accountable_to")
        if is_staff_role(user):
            return rows.annotate(can_open=Value(True, output_field=BooleanField()))
        return rows.annotate(can_open=Exists(belonging(user, OuterRef("pk"))))

    def openable_by(self, user):
        """The partnerships whose pages ``user`` may open (``partnerships.view_partnership``)."""
        if is_staff_role(user):
            return self
        if not (is_board_member(user) or is_partner_contact(user)):
            return self.none()
        return self.filter(Exists(belonging(user, OuterRef("pk"))))

    def kept_by(self, user):
        """The partnerships ``user`` keeps (``partnerships.change_partnership``): every one
        for administrators, those an officer leads or supports, none for anyone else."""
        if is_administrator(user):
            return self
        if not is_officer(user):
            return self.none()
        return self.filter(Q(lead_officer=user) | Q(supporting_officers=user))

    def visible_in_register_to(self, user):
        """The public register: everyone with a role sees the partnerships that exist; only
        officers and administrators see proposals."""
        if is_staff_role(user):
            return self
        if is_board_member(user) or is_partner_contact(user):
            return self.exclude(status=Partnership.Status.PROPOSED)
        return self.none()


class Partnership(models.Model):
    class Kind(models.TextChoices):
        LEADERS_BOARD = "leaders_board", "Leaders board"
        STRATEGIC = "strategic", "Strategic partnership / LSP"
        THEMATIC = "thematic", "Thematic partnership"
        AREA_BOARD = "area_board", "Area board"
        TOWN = "town", "Town partnership"
        SUB_GROUP = "sub_group", "Sub-group"
        OFFICER_GROUP = "officer_group", "Officer group"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        UNDER_REVIEW = "under_review", "Under review"
        DISSOLVED = "dissolved", "Dissolved"

    name = models.CharField(
        max_length=200,
        unique=True,
        error_messages={"unique": "A partnership with this name is already in the register."},
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    purpose = models.TextField(
        "purpose and terms of reference",
        blank=True,
        help_text="What the partnership is for and how it works.",
    )
    accountable_body = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accountable_for",
        help_text="The organisation that holds the partnership's money and answers for it.",
    )
    accountable_body_criteria = models.TextField(
        "accountable body criteria checked",
        blank=True,
        help_text="Where the council is the accountable body: the criteria it checked.",
    )
    accountable_body_risks = models.TextField(
        "risks and benefits accepted",
        blank=True,
        help_text="Where the council is the accountable body: the risks and benefits it accepted.",
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnerships_led",
    )
    supporting_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="partnerships_supported",
        help_text="Officers who support the partnership and may edit it with the lead officer.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    geography = models.CharField(max_length=200, blank=True, help_text="e.g. Cheshire East")
    accountable_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accountable_partnerships",
        help_text="The partnership this one reports to.",
    )
    commissioned_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commissioned_partnerships",
        help_text="The partnership that commissions this one's work, if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[supporting_officers])
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="partnership_ends_after_it_starts",
                violation_error_message="The end date must not be before the start date.",
            ),
            models.CheckConstraint(
                condition=~Q(accountable_to=F("pk")) & ~Q(commissioned_by=F("pk")),
                name="partnership_not_its_own_parent",
                violation_error_message="A partnership cannot be accountable to itself.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:partnership_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must not be before the start date."
        for field, label in (
            ("accountable_to", "accountable to"),
            ("commissioned_by", "commissioned by"),
        ):
            cycle = self._cycle_through(field)
            if cycle:
                errors[field] = (
                    f"This would make a loop: {' → '.join(cycle)}. A partnership cannot be "
                    f"{label} itself, directly or through others."
                )
        if self.accountable_body_id and self.accountable_body.name == settings.PORTAL_COUNCIL_NAME:
            for field in ("accountable_body_criteria", "accountable_body_risks"):
                if not getattr(self, field).strip():
                    errors[field] = (
                        f"{settings.PORTAL_COUNCIL_NAME} is the accountable body, so record "
                        f"the {self._meta.get_field(field).verbose_name}."
                    )
        if errors:
            raise ValidationError(errors)

    def _cycle_through(self, field: str) -> list[str]:
        """The loop that setting ``field`` would make, as names from this partnership round
        to itself; empty if none."""
        parent_id = getattr(self, f"{field}_id")
        if parent_id is None:
            return []
        path = [self.name]
        seen = set()
        while parent_id is not None:
            if self.pk is not None and parent_id == self.pk:
                return [*path, self.name]
            if parent_id in seen:  # an existing loop elsewhere; not this change's doing
                return []
            seen.add(parent_id)
            parent = Partnership.objects.filter(pk=parent_id).values("name", f"{field}_id").first()
            if parent is None:
                return []
            path.append(parent["name"])
            parent_id = parent[f"{field}_id"]
        return []

    # --- figures and flags for a single partnership (the register annotates the same) -------

    def resources_for(self, year: int) -> Decimal:
        total = self.contributions.filter(financial_year=year).aggregate(
            total=Sum(F("cash") + F("in_kind"))
        )["total"]
        return total or Decimal("0.00")

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.UNDER_REVIEW)


class Contribution(models.Model):
    """One organisation's contribution to a partnership's resources in one financial year."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="contributions"
    )
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in: 2016 for 2016/17."
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="contributions"
    )
    cash = models.DecimalField(
        "cash (£)", **MONEY, default=Decimal("0.00"), validators=[MinValueValidator(0)]
    )
    in_kind = models.DecimalField(
        "in kind (£)",
        **MONEY,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
        help_text="Staff time, premises and other support, valued in pounds.",
    )
    note = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-financial_year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "financial_year", "organisation"],
                name="one_contribution_per_organisation_per_year",
                violation_error_message=(
                    "This organisation's contribution for that year is already recorded; "
                    "edit it instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cash__gte=0) & Q(in_kind__gte=0),
                name="contribution_not_negative",
                violation_error_message="Contributions cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {financial_year_label(self.financial_year)}"

    def get_absolute_url(self):
        return self.partnership.get_absolute_url() + "#resources"

    @property
    def total(self) -> Decimal:
        return (self.cash or 0) + (self.in_kind or 0)

    @property
    def year_label(self) -> str:
        return financial_year_label(self.financial_year)


class RiskAssessment(models.Model):
    class Rating(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        VERY_HIGH = "very_high", "Very high"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="risk_assessments"
    )
    assessed_on = models.DateField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField()
    rating = models.CharField(max_length=10, choices=Rating.choices)
    next_review_due = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        get_latest_by = "assessed_on"
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_due__gt=F("assessed_on")),
                name="risk_review_after_assessment",
                violation_error_message="The next review must be after the assessment.",
            )
        ]

    def __str__(self):
        return f"Risk assessment of {self.partnership} on {self.assessed_on:%d %b %Y}"

    def get_absolute_url(self):
        return self.partnership.get_absolute_url() + "#risk"

    def clean(self):
        if self.assessed_on and self.next_review_due and self.next_review_due <= self.assessed_on:
            raise ValidationError(
                {"next_review_due": "The next review must be after the assessment."}
            )

    @property
    def is_current(self) -> bool:
        return self.next_review_due >= timezone.localdate()


class ValueForMoneyReview(models.Model):
    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Continue"
        CHANGE = "change", "Change"
        EXIT = "exit", "Exit"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    findings = models.TextField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    next_review_due = models.DateField(
        blank=True, help_text="Leave blank for a year after the review."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = "value-for-money review"
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_due__gt=F("reviewed_on")),
                name="vfm_next_review_after_review",
                violation_error_message="The next review must be after this one.",
            )
        ]

    def __str__(self):
        return f"Value-for-money review of {self.partnership} on {self.reviewed_on:%d %b %Y}"

    def get_absolute_url(self):
        return self.partnership.get_absolute_url() + "#reviews"

    def clean(self):
        if self.reviewed_on and not self.next_review_due:
            self.next_review_due = a_year_after(self.reviewed_on)
        if self.reviewed_on and self.next_review_due and self.next_review_due <= self.reviewed_on:
            raise ValidationError({"next_review_due": "The next review must be after this one."})
