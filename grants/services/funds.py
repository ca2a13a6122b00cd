"""Writes on funds: saving one, and rolling it forward into the next financial year."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction

from portal.validators import shifted

from ..models import Award, Fund
from ..models.funds import ZERO
from .common import (
    _lock_fund,
    money,
)


@transaction.atomic
def fund_save(*, fund: Fund, by, m2m: dict | None = None) -> Fund:
    """Create or edit a fund; its budget never drops below what it has committed (the row is
    locked, so an approval cannot slip in between the check and the save)."""
    fund.full_clean()
    if fund.pk:
        _lock_fund(fund.pk)
        committed = fund.committed()
        if fund.budget < committed:
            raise ValidationError(
                {
                    "budget": f"The fund has committed {money(committed)}; the budget cannot "
                    "be less than that."
                }
            )
    fund._history_user = by
    fund.save()
    for field, values in (m2m or {}).items():
        getattr(fund, field).set(values)
    return fund


def _shift_year(day: datetime.date) -> datetime.date:
    return shifted(day, relativedelta(years=1))


@transaction.atomic
def fund_roll_forward(*, fund: Fund, uplift_percent: Decimal = ZERO, by) -> Fund:
    """Copy a fund and its recurring awards into the next financial year, with an uplift
    (0% by default), the awards as proposals to approve. Refused if that year's fund exists."""
    fund = _lock_fund(fund.pk)
    uplift_percent = Decimal(uplift_percent or 0)
    if uplift_percent <= -100 or uplift_percent > 100:
        raise ValidationError(
            {"uplift_percent": "Give an uplift above -100% and no more than 100%."}
        )
    target_year = fund.financial_year + 1
    existing = Fund.objects.filter(name=fund.name, financial_year=target_year).first()
    if existing is not None or hasattr(fund, "rolled_forward_to"):
        raise ValidationError(
            f"{fund.name} already has a fund for {Fund(financial_year=target_year).year_label}; "
            "it cannot be rolled forward twice."
        )
    factor = 1 + uplift_percent / 100
    pennies = Decimal("0.01")
    new_fund = Fund(
        name=fund.name,
        financial_year=target_year,
        budget=(fund.budget * factor).quantize(pennies, rounding=ROUND_HALF_UP),
        funder=fund.funder,
        route=fund.route,
        standard_amount=(
            (fund.standard_amount * factor).quantize(pennies, rounding=ROUND_HALF_UP)
            if fund.standard_amount
            else None
        ),
        description=fund.description,
        status=Fund.Status.PLANNED,
        rolled_forward_from=fund,
    )
    new_fund.full_clean()
    new_fund._history_user = by
    new_fund.save()
    new_fund.outcomes.set(fund.outcomes.all())
    for award in fund.awards.filter(recurring=True).exclude(status=Award.Status.WITHDRAWN):
        copy = Award(
            fund=new_fund,
            recipient_organisation_id=award.recipient_organisation_id,
            recipient_partnership_id=award.recipient_partnership_id,
            title=award.title,
            purpose=award.purpose,
            amount=(award.amount * factor).quantize(pennies, rounding=ROUND_HALF_UP),
            route=award.route,
            status=Award.Status.PROPOSED,
            start_date=_shift_year(award.start_date),
            end_date=_shift_year(award.end_date),
            recurring=True,
            monitoring_frequency=award.monitoring_frequency,
            rolled_forward_from=award,
        )
        copy.full_clean()
        copy._history_user = by
        copy.save()
        copy.outcomes.set(award.outcomes.all())
    return new_fund
