"""Approvals, moves and raises at once never over-commit a fund (PostgreSQL: real row locks)."""

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


# --- races between approval and the edits that change what a fund has committed -----------

ROUNDS = 3


def _run_together(jobs) -> dict[str, str]:
    """Run each (name, load, act) job in its own thread and connection, all released at once
    by a barrier: ``load`` reads the award as the officer's page did, ``act`` writes it. Returns
    each job's outcome: "done", the ValidationError's message, or the repr of anything else."""
    start = threading.Barrier(len(jobs))
    outcomes: dict[str, str] = {}

    def run(name, load, act) -> None:
        try:
            loaded = load()
            start.wait(timeout=30)
            act(loaded)
            outcomes[name] = "done"
        except ValidationError as exc:
            outcomes[name] = " ".join(exc.messages)
        except Exception as exc:  # noqa: BLE001 - a deadlock or a crash is a failure to report
            outcomes[name] = f"error: {exc!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == len(jobs), "a thread did not finish"
    return outcomes


def _over_committed(round_: int, *funds) -> list[str]:
    report = []
    for fund in funds:
        fund = Fund.objects.get(pk=fund.pk)
        committed = fund.committed()
        if committed > fund.budget:
            report.append(f"round {round_}: budget £{fund.budget:,}, committed £{committed:,}")
    return report


def _load(award_id):
    return lambda: Award.objects.get(pk=award_id)


def test_approving_while_proposals_move_into_a_full_fund_never_over_commits_it():
    """Officers approve proposals sitting in a roomy fund, each from the page they opened, while
    others move the same proposals (through the edit page's service) into a fund with room for
    one more. Approval must check the fund the award is in when it is approved, not the one it
    was in when the page was read.

    Half the approvers wait for the move of their award to finish (the page they act on is then
    certainly out of date); the other half race it outright."""
    from grants.services import award_save

    problems = []
    for round_ in range(ROUNDS):
        roomy = FundFactory(budget=Decimal("1000000"))
        full = FundFactory(budget=Decimal("10000"))
        award_approve(award=AwardFactory(fund=full, amount=Decimal("2000")), by=None)
        jobs = []
        for n in range(6):
            award = AwardFactory(fund=roomy, amount=Decimal("8000"))
            moved = threading.Event()

            def move(award, moved=moved, to=full.pk):
                try:
                    award.fund_id = to  # as the edit form does with the fund chosen
                    award_save(award=award, by=None)
                finally:
                    moved.set()

            def approve(award, moved=moved, wait=n % 2 == 0):
                if wait:
                    moved.wait(timeout=30)
                award_approve(award=award, by=None)

            jobs.append((f"approve {award.pk}", _load(award.pk), approve))
            jobs.append((f"move {award.pk}", _load(award.pk), move))

        outcomes = _run_together(jobs)

        problems += _over_committed(round_, roomy, full)
        problems += [
            f"round {round_}: {name}: {outcome}"
            for name, outcome in outcomes.items()
            if outcome != "done"
            and "the fund's headroom is" not in outcome
            and "cannot move to another fund" not in outcome
        ]
        # The race was run: the waiting approvers found their awards moved into the full fund.
        assert Award.objects.filter(fund=full).count() >= 1 + 3
    assert not problems, "\n".join(problems)


def test_approving_while_approved_awards_are_raised_never_over_commits_the_fund():
    """Approvals of proposals and raises of approved awards in one fund, all at once: each must
    see what the others committed."""
    from grants.services import award_save

    def raise_to_12000(award):
        award.amount = Decimal("12000")
        award_save(award=award, by=None)

    def approve(award):
        award_approve(award=award, by=None)

    problems = []
    for round_ in range(ROUNDS):
        fund = FundFactory(budget=Decimal("40000"))
        approved = [
            award_approve(award=AwardFactory(fund=fund, amount=Decimal("8000")), by=None)
            for _ in range(3)
        ]
        proposals = [AwardFactory(fund=fund, amount=Decimal("8000")) for _ in range(4)]
        jobs = [(f"approve {a.pk}", _load(a.pk), approve) for a in proposals]
        jobs += [(f"raise {a.pk}", _load(a.pk), raise_to_12000) for a in approved]

        outcomes = _run_together(jobs)

        problems += _over_committed(round_, fund)
        problems += [
            f"round {round_}: {name}: {outcome}"
            for name, outcome in outcomes.items()
            if outcome != "done" and "the fund's headroom is" not in outcome
        ]
        # £16,000 of headroom: two approvals, four raises or a mix, but something fits.
        assert "done" in outcomes.values()
    assert not problems, "\n".join(problems)
