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
