"""Funds: their budgets, what is committed and paid from them, and their headroom."""

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnerships.models import financial_year_label

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
        from .awards import Award, Payment  # awards refer to their fund: imported when used

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
        from .awards import Award, Payment

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
