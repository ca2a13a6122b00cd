"""What every write on money shares: how sums are written, the over-commitment error and the row
locks on funds and awards (always taken in one order)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Award, Fund


def money(value: Decimal) -> str:
    return f"£{value:,.2f}"


class FundOverCommitted(ValidationError):
    def __init__(self, *, fund: Fund, requested: Decimal, committed: Decimal):
        headroom = fund.budget - committed
        super().__init__(
            f"Approving {money(requested)} would take committed to {money(committed + requested)}"
            f"; the fund's headroom is {money(headroom)} (budget {money(fund.budget)}, "
            f"committed {money(committed)})."
        )


def _lock_fund(fund_id: int) -> Fund:
    return Fund.objects.select_for_update().get(pk=fund_id)


class _AwardMoved(Exception):
    """The award named another fund by the time its row was locked."""


LOCK_ATTEMPTS = 5


def _lock_award_and_funds(award_pk: int, *, fund_ids=()) -> tuple[Award, dict[int, Fund]]:
    """Lock the funds a write on an award involves, then the award; return both as they are
    under the locks (the award re-read, the funds by pk).

    The funds are the one the award is in and any in ``fund_ids`` (the one it is moving to).
    Every write that changes what a fund has committed comes through here, so each takes fund
    rows in ascending pk order and the award's row last, and no two wait on each other in a
    circle. Which fund the award is in can only be read before its row is locked; if it has
    moved by then, this attempt's locks are given back (rolling back to a savepoint releases
    them) and the next attempt locks the fund it names now."""
    in_fund = Award.objects.values_list("fund_id", flat=True).get(pk=award_pk)
    for _ in range(LOCK_ATTEMPTS):
        wanted = sorted({in_fund, *fund_ids} - {None})
        try:
            with transaction.atomic():
                funds = Fund.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
                funds = {fund.pk: fund for fund in funds}
                award = Award.objects.select_for_update().get(pk=award_pk)
                if award.fund_id not in funds:
                    raise _AwardMoved(award.fund_id)
        except _AwardMoved as moved:
            in_fund = moved.args[0]
            continue
        return award, funds
    raise ValidationError(
        "The award is being moved between funds by someone else at this moment; try again."
    )
