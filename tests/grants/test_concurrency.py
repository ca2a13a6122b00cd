"""Twenty approvals at once never over-commit a fund (PostgreSQL: real row locks)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from grants.models import Award, Fund
from grants.services import award_approve

from .factories import AwardFactory, FundFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks (select_for_update) and serialises "
        "writers itself; CI runs this with DATABASE_URL set",
    ),
]


def test_twenty_concurrent_approvals_fill_the_fund_exactly():
    fund = FundFactory(budget=Decimal("72000"))
    awards = [AwardFactory(fund=fund, amount=Decimal("8000")) for _ in range(20)]
    start = threading.Barrier(len(awards))
    outcomes: dict[int, str] = {}

    def approve(award_id: int) -> None:
        try:
            start.wait(timeout=30)
            award_approve(award=Award.objects.get(pk=award_id), by=None)
            outcomes[award_id] = "approved"
        except ValidationError as exc:
            outcomes[award_id] = " ".join(exc.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(a.pk,)) for a in awards]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == 20
    approved = [pk for pk, result in outcomes.items() if result == "approved"]
    refused = [result for result in outcomes.values() if result != "approved"]
    assert len(approved) == 9  # £72,000 takes exactly nine £8,000 awards
    assert all("the fund's headroom is £0.00" in message for message in refused)
    fund = Fund.objects.get(pk=fund.pk)
    assert fund.committed() == Decimal("72000") <= fund.budget
    assert Award.objects.filter(status="approved").count() == 9


def test_raising_an_award_while_it_is_reduced_waits_instead_of_deadlocking():
    """A funding change locks the fund, then the award; an edit raising the same award at that
    moment must take the locks in the same order, or PostgreSQL kills one as a deadlock."""
    import datetime
    import time

    from django.db import transaction

    from grants.services import award_save

    fund = FundFactory(budget=Decimal("72000"))
    award = award_approve(award=AwardFactory(fund=fund, amount=Decimal("8000")), by=None)
    fund_locked = threading.Event()
    errors: list[str] = []

    def reduce_like_a_funding_change() -> None:
        try:
            with transaction.atomic():
                Fund.objects.select_for_update().get(pk=fund.pk)
                fund_locked.set()
                time.sleep(0.5)  # the edit below starts meanwhile
                Award.objects.select_for_update().get(pk=award.pk)
        except Exception as exc:  # noqa: BLE001 - the deadlock is what this test looks for
            errors.append(repr(exc))
        finally:
            connections.close_all()

    def raise_the_award() -> None:
        try:
            fund_locked.wait(timeout=10)
            raised = Award.objects.get(pk=award.pk)
            raised.amount = Decimal("9000")
            raised.end_date = datetime.date(2017, 3, 31)
            award_save(award=raised, by=None)
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=reduce_like_a_funding_change),
        threading.Thread(target=raise_the_award),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Award.objects.get(pk=award.pk).amount == Decimal("9000")
