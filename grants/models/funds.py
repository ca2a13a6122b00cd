"""Funds, the awards made from them, their payments, monitoring returns and funding changes."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnerships.models import financial_year_label
from portal.validators import shifted

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")
PENNY = Decimal("0.01")

# The awards whose money the fund has promised: everything approved and after, until withdrawn.
COMMITTED_STATUSES = ("approved", "accepted", "paid", "monitoring", "closed")


def _money_sum(expression, **filter_kwargs):
    return Coalesce(
        Sum(expression, **filter_kwargs),
        Value(ZERO),
        output_field=DecimalField(**MONEY),
    )


def _money_subquery(rows):
    """A total from ``rows`` (one value, summed in the subquery), or £0 when there are none."""
    return Coalesce(
        models.Subquery(rows, output_field=DecimalField(**MONEY)),
        Value(ZERO),
        output_field=DecimalField(**MONEY),
    )


class Route(models.TextChoices):
    DIRECT = "direct", "Direct award"
    COMMISSIONING = "commissioning", "Commissioning for outcomes"
    OPEN_CALL = "open_call", "Open call"
    PARTICIPATORY = "participatory", "Participatory budget"


class FundQuerySet(models.QuerySet):
    def with_totals(self):
        """Each fund's committed and paid totals, in the one query that lists them."""
        # ``order_by()``: an award's default order (by fund) would join the fund table in.
        committed = (
            Award.objects.filter(fund=models.OuterRef("pk"), status__in=COMMITTED_STATUSES)
            .order_by()
            .values("fund")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        paid = (
            Payment.objects.filter(award__fund=models.OuterRef("pk"), paid_date__isnull=False)
            .exclude(award__status="withdrawn")
            .order_by()
            .values("award__fund")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        # Headroom is worked out from the committed total in Python (``Fund.headroom_total``):
        # as SQL, PostgreSQL would run the committed subquery a second time.
        return self.annotate(
            committed_total=_money_subquery(committed), paid_total=_money_subquery(paid)
        )

    def for_list(self):
        return self.select_related("funder").with_totals().order_by("-financial_year", "name")


class Fund(models.Model):
    Route = Route

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200, help_text="e.g. Town Partnership grants")
    financial_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text="The year the financial year starts in: 2016 for 2016/17.",
    )
    budget = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    funder = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="funds",
        verbose_name="funding organisation",
    )
    board = models.ForeignKey(
        "partnerships.Board",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funds",
        verbose_name="owning board",
        help_text="The board that oversees the fund: its members read the monitoring returns.",
    )
    route = models.CharField(max_length=20, choices=Route.choices, default=Route.DIRECT)
    standard_amount = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(PENNY)],
        help_text="Optional: the usual award, e.g. £8,000 per town partnership.",
    )
    description = models.TextField(blank=True)
    outcomes = models.ManyToManyField(
        "partnerships.Outcome",
        blank=True,
        related_name="funds",
        verbose_name="strategy outcomes",
        help_text="The strategy outcomes the fund serves.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    rolled_forward_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rolled_forward_to",
        help_text="The previous year's fund this one was rolled forward from.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[outcomes])
    objects = FundQuerySet.as_manager()

    class Meta:
        ordering = ["-financial_year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "financial_year"],
                name="fund_name_unique_in_year",
                violation_error_message="There is already a fund of this name for that year.",
            ),
            models.CheckConstraint(
                condition=Q(budget__gt=0),
                name="fund_budget_positive",
                violation_error_message="The budget must be more than £0.",
            ),
            models.CheckConstraint(
                condition=Q(standard_amount__isnull=True) | Q(standard_amount__gt=0),
                name="fund_standard_amount_positive",
                violation_error_message="The standard award must be more than £0.",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.year_label}"

    def get_absolute_url(self):
        return reverse("grants:fund_detail", args=[self.pk])

    @property
    def year_label(self) -> str:
        return financial_year_label(self.financial_year) if self.financial_year else ""

    @property
    def year_start(self) -> datetime.date:
        return datetime.date(self.financial_year, 4, 1)

    @property
    def year_end(self) -> datetime.date:
        return datetime.date(self.financial_year + 1, 3, 31)

    # Totals read straight from the database (the approval service relies on this).
    def committed(self, *, excluding: int | None = None) -> Decimal:
        """The committed total now, leaving out the award ``excluding`` if given."""
        awards = self.awards.committed()
        if excluding is not None:
            awards = awards.exclude(pk=excluding)
        return awards.aggregate(total=_money_sum("amount"))["total"]

    def paid(self) -> Decimal:
        return (
            Payment.objects.filter(award__fund=self, paid_date__isnull=False)
            .exclude(award__status=Award.Status.WITHDRAWN)
            .aggregate(total=_money_sum("amount"))["total"]
        )

    @property
    def headroom_total(self) -> Decimal:
        """The budget less the committed total that ``Fund.objects.with_totals()`` added."""
        return self.budget - self.committed_total

    def headroom(self) -> Decimal:
        return self.budget - self.committed()

    def totals(self) -> dict:
        """Budget, committed, paid, headroom: from annotations where the list gave them."""
        committed = getattr(self, "committed_total", None)
        if committed is None:
            committed = self.committed()
        paid = getattr(self, "paid_total", None)
        if paid is None:
            paid = self.paid()
        return {
            "budget": self.budget,
            "committed": committed,
            "paid": paid,
            "headroom": self.budget - committed,
        }


class AwardQuerySet(models.QuerySet):
    def for_list(self):
        """With each award's paid total, as a subquery: the database sums the payments of the
        rows a page shows, not of every award before the page is cut."""
        paid = (
            Payment.objects.filter(award=models.OuterRef("pk"), paid_date__isnull=False)
            .order_by()
            .values("award")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return self.select_related(
            "fund", "recipient_organisation", "recipient_partnership"
        ).annotate(paid_total=_money_subquery(paid))

    def committed(self):
        return self.filter(status__in=COMMITTED_STATUSES)

    def visible_to(self, user):
        """The awards ``grants.view_award`` lets this user see."""
        from partnerships.models.partnerships import belonging
        from portal.permissions import is_partner_contact

        from ..permissions import can_view_all_awards

        if can_view_all_awards(user):
            return self
        if is_partner_contact(user):
            own = models.Exists(belonging(user, models.OuterRef("recipient_partnership")))
            if user.organisation_id:
                own = own | Q(recipient_organisation_id=user.organisation_id)
            return self.filter(own)
        return self.none()


class Award(models.Model):
    Route = Route

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        ACCEPTED = "accepted", "Accepted"
        PAID = "paid", "Paid"
        MONITORING = "monitoring", "Monitoring"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Frequency(models.IntegerChoices):
        NONE = 0, "No monitoring returns"
        QUARTERLY = 3, "Quarterly"
        HALF_YEARLY = 6, "Every six months"
        ANNUAL = 12, "Annually"

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="awards")
    recipient_organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_awards",
        help_text="An organisation, or …",
    )
    recipient_partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_awards",
        help_text="… a partnership (exactly one of the two).",
    )
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    outcomes = models.ManyToManyField(
        "partnerships.Outcome",
        blank=True,
        related_name="grant_awards",
        verbose_name="outcomes served",
    )
    route = models.CharField(max_length=20, choices=Route.choices, default=Route.DIRECT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    start_date = models.DateField()
    end_date = models.DateField()
    recurring = models.BooleanField(
        default=False,
        help_text="Tick when the award is made again each year (roll forward copies it).",
    )
    monitoring_frequency = models.PositiveSmallIntegerField(
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
        help_text="Monitoring returns fall due this often from the start date.",
    )
    approved_on = models.DateField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    rolled_forward_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rolled_forward_to",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[outcomes])
    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["fund", "title"]
        indexes = [
            # A fund's committed and paid totals (the fund list, the fund page) read this
            # index alone: its awards by status, with their amounts and ids.
            models.Index(
                fields=["fund", "status", "amount", "id"], name="award_fund_status_amount"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="award_amount_positive",
                violation_error_message="The amount must be more than £0.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(recipient_organisation__isnull=False, recipient_partnership__isnull=True)
                    | Q(recipient_organisation__isnull=True, recipient_partnership__isnull=False)
                ),
                name="award_has_one_recipient",
                violation_error_message="Choose an organisation or a partnership, not both.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="award_ends_after_it_starts",
                violation_error_message="The end date must not be before the start date.",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.recipient_name}"

    def get_absolute_url(self):
        return reverse("grants:award_detail", args=[self.pk])

    @property
    def recipient(self):
        return self.recipient_organisation or self.recipient_partnership

    @property
    def recipient_name(self) -> str:
        recipient = self.recipient
        return recipient.name if recipient is not None else ""

    @property
    def is_committed(self) -> bool:
        return self.status in COMMITTED_STATUSES

    def clean(self):
        errors = {}
        if self.recipient_organisation_id and self.recipient_partnership_id:
            errors["recipient_partnership"] = "Choose an organisation or a partnership, not both."
        elif not self.recipient_organisation_id and not self.recipient_partnership_id:
            errors["recipient_organisation"] = "Choose the organisation or partnership to fund."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must not be before the start date."
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = "The amount must be more than £0."
        if self.pk and self.amount is not None and self.amount > 0:
            scheduled = self.payments.aggregate(total=_money_sum("amount"))["total"]
            if scheduled > self.amount:
                errors["amount"] = (
                    f"The payments already scheduled come to £{scheduled:,.2f}; "
                    "the award cannot be less than that."
                )
        if errors:
            raise ValidationError(errors)

    def scheduled_total(self) -> Decimal:
        return self.payments.aggregate(total=_money_sum("amount"))["total"]

    def paid_amount(self) -> Decimal:
        paid = getattr(self, "paid_total", None)
        if paid is not None:
            return paid
        return self.payments.filter(paid_date__isnull=False).aggregate(total=_money_sum("amount"))[
            "total"
        ]


class Payment(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="payments")
    due_date = models.DateField()
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    paid_date = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=100, blank=True, help_text="e.g. the invoice number")

    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "due_date", "pk"]
        indexes = [
            # Paid totals (the award list, the fund list) sum this index alone.
            models.Index(
                fields=["award", "amount"],
                condition=Q(paid_date__isnull=False),
                name="payment_paid_award_amount",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message="The amount must be more than £0.",
            )
        ]

    def __str__(self):
        return f"£{self.amount:,.2f} due {self.due_date:%d %b %Y}"

    def get_absolute_url(self):
        return self.award.get_absolute_url() + f"#payment-{self.pk}"

    def clean(self):
        """The award's instalments never add up to more than it (``payment_save`` runs this
        with the award's row locked)."""
        if not self.award_id or self.amount is None:
            return
        if self.amount <= 0:
            raise ValidationError({"amount": "The amount must be more than £0."})
        others = Payment.objects.filter(award_id=self.award_id).exclude(pk=self.pk)
        scheduled = others.aggregate(total=_money_sum("amount"))["total"]
        if scheduled + self.amount > self.award.amount:
            raise ValidationError(
                {
                    "amount": f"This would take the payments to £{scheduled + self.amount:,.2f}, "
                    f"more than the award of £{self.award.amount:,.2f}; at most "
                    f"£{self.award.amount - scheduled:,.2f} is left to schedule."
                }
            )


# Returns are chased only while an award is live: not before it is approved, nor once it is
# withdrawn or closed (closing an award is the officer's word that nothing more is expected).
UNCHASED_STATUSES = (Award.Status.PROPOSED, Award.Status.WITHDRAWN, Award.Status.CLOSED)


class MonitoringReturnQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The returns ``grants.view_return`` lets this user read: officers all; the members of
        the board that owns the fund; the recipient's contacts their own."""
        from partnerships.models import Membership
        from partnerships.models.partnerships import belonging
        from portal.permissions import has_any_role, is_partner_contact, is_staff_role

        if is_staff_role(user):
            return self
        if not has_any_role(user):
            return self.none()
        seats = Membership.objects.current().filter(
            user_id=user.pk, board_id=models.OuterRef("award__fund__board_id")
        )
        visible = models.Exists(seats)
        if is_partner_contact(user):
            visible |= models.Exists(
                belonging(user, models.OuterRef("award__recipient_partnership"))
            )
            if user.organisation_id:
                visible |= Q(award__recipient_organisation_id=user.organisation_id)
        return self.filter(visible)

    def outstanding(self):
        """Not received, on an award whose returns are still chased."""
        return self.filter(received_date__isnull=True).exclude(award__status__in=UNCHASED_STATUSES)

    def overdue(self, today=None):
        return self.outstanding().filter(due_date__lt=today or timezone.localdate())


class MonitoringReturn(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="returns")
    period_end = models.DateField(help_text="The last day the return reports on.")
    due_date = models.DateField()
    received_date = models.DateField(null=True, blank=True)
    spend_to_date = models.DecimalField(
        **MONEY, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    narrative = models.TextField("progress", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reminder_sent_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = MonitoringReturnQuerySet.as_manager()

    class Meta:
        ordering = ["award", "due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "period_end"],
                name="return_period_unique_in_award",
                violation_error_message="This award already has a return for that period.",
            )
        ]

    def __str__(self):
        return f"Monitoring return to {self.period_end:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("grants:return_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return (
            self.received_date is None
            and self.due_date < timezone.localdate()
            and self.award.status not in UNCHASED_STATUSES
        )


class ReturnEvidence(models.Model):
    monitoring_return = models.ForeignKey(
        MonitoringReturn, on_delete=models.CASCADE, related_name="evidence"
    )
    outcome = models.ForeignKey(
        "partnerships.Outcome", on_delete=models.PROTECT, related_name="grant_evidence"
    )
    evidence = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["monitoring_return", "outcome__number"]
        verbose_name_plural = "return evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["monitoring_return", "outcome"],
                name="evidence_once_per_outcome",
                violation_error_message="This return already has evidence for that outcome.",
            )
        ]

    def __str__(self):
        return f"Evidence for {self.outcome}"


NOTICE_PERIOD = relativedelta(months=3)


class AwardChange(models.Model):
    """A reduction or early end of an award's funding, with the notice given.

    The Compact asks for three months' notice of a change to funding; ``short_notice`` says
    when less was given (the Compact app reads it)."""

    class Kind(models.TextChoices):
        REDUCE = "reduce", "Reduce the award"
        END = "end", "End the award early"

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    notice_date = models.DateField(help_text="The day the recipient was told.")
    effective_date = models.DateField(help_text="The day the change takes effect.")
    previous_amount = models.DecimalField(**MONEY, editable=False, null=True)
    new_amount = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(PENNY)],
        help_text="For a reduction: the award's new total.",
    )
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "effective_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_date__gte=F("notice_date")),
                name="change_effective_after_notice",
                violation_error_message="A change cannot take effect before notice is given.",
            ),
            models.CheckConstraint(
                condition=(Q(kind="reduce", new_amount__gt=0) | Q(kind="end", new_amount=None)),
                name="change_new_amount_for_reductions",
                violation_error_message="A reduction needs a new amount; an ending has none.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.effective_date:%d %b %Y}"

    def get_absolute_url(self):
        return self.award.get_absolute_url() + f"#change-{self.pk}"

    @property
    def earliest_effective_date(self) -> datetime.date:
        return shifted(self.notice_date, NOTICE_PERIOD)

    @property
    def short_notice(self) -> bool:
        """True when the change takes effect less than three calendar months after notice."""
        if self.notice_date is None or self.effective_date is None:
            return False
        return self.effective_date < shifted(self.notice_date, NOTICE_PERIOD)

    def clean(self):
        errors = {}
        if self.notice_date and self.effective_date and self.effective_date < self.notice_date:
            errors["effective_date"] = "A change cannot take effect before notice is given."
        if self.kind == self.Kind.REDUCE and not self.new_amount:
            errors["new_amount"] = "Give the award's new (lower) total."
        if self.kind == self.Kind.END and self.new_amount is not None:
            errors["new_amount"] = "Leave the new amount empty when ending an award."
        if errors:
            raise ValidationError(errors)
