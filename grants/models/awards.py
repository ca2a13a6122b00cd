"""Awards made from funds, their payments and the changes to their funding."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from simple_history.models import HistoricalRecords

from portal.validators import shifted

from .funds import (
    COMMITTED_STATUSES,
    MONEY,
    PENNY,
    Fund,
    Route,
    _money_subquery,
    _money_sum,
)


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
