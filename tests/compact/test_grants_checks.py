"""Commitments checked against the grants records: notice of funding changes, late payments."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from compact.checks import finding_count, findings_for
from compact.models import Commitment

from ..grants.factories import AwardFactory, PaymentFactory
from .factories import CommitmentFactory

pytestmark = pytest.mark.django_db

d = datetime.date


def sector_award(**fields):
    """A grant to a voluntary, community or faith sector organisation, as the Compact covers."""
    fields.setdefault("recipient_organisation__sector", "vcfs")
    return AwardFactory(**fields)


def change(award, kind, notice, effective):
    from grants.models import AwardChange

    return AwardChange.objects.create(
        award=award,
        kind=kind,
        notice_date=notice,
        effective_date=effective,
        new_amount=Decimal("4000") if kind == "reduce" else None,
        reason="Savings.",
    )


@pytest.fixture
def notice(world):
    return CommitmentFactory(
        code=world["funding"],
        number=3,
        text="Three months' notice.",
        whose="public",
        check_kind=Commitment.Check.FUNDING_NOTICE,
        check_number=3,
    )


def test_funding_cut_with_less_notice_than_the_commitment_is_a_finding(
    client_for, officer, world, notice
):
    walks = sector_award(title="Health walks", recipient_organisation__name="Health Walks CIC")
    short = change(walks, "reduce", d(2018, 1, 15), d(2018, 3, 1))  # 45 days
    change(sector_award(title="Food network"), "end", d(2018, 1, 1), d(2018, 4, 1))  # 3 months
    midway = change(sector_award(title="Young carers"), "end", d(2017, 12, 1), d(2018, 2, 15))
    found = [f for f in findings_for(world["compact"]) if f.commitment == notice]
    assert [f.url for f in found] == [short.get_absolute_url(), midway.get_absolute_url()]
    assert found[0].organisation == "Health Walks CIC"
    # The home page counts the same findings in the database, the three-month notice too.
    assert finding_count(world["compact"]) == len(findings_for(world["compact"]))
    assert "Told on 15 Jan 2018, reduced from 1 Mar 2018: 45 days' notice, less than 3 months." in (
        found[0].detail
    )
    page = client_for(officer).get(reverse("compact:findings", args=[world["compact"].pk]))
    assert short.get_absolute_url() in page.content.decode()

    # The commitment's own number decides, not the grants app's three months.
    notice.check_number = 2
    notice.save()
    found = [f for f in findings_for(world["compact"]) if f.commitment == notice]
    assert [f.url for f in found] == [short.get_absolute_url()]


def test_payments_later_than_the_commitment_are_findings(world):
    days = CommitmentFactory(
        code=world["funding"],
        number=4,
        text="Pay within 30 days.",
        whose="public",
        check_kind=Commitment.Check.PAYMENT_DAYS,
        check_number=30,
    )
    award = sector_award(title="Town partnership grant", recipient_organisation__name="Crewe TP")
    PaymentFactory(award=award, due_date=d(2016, 5, 1), paid_date=d(2016, 6, 15))  # 45 days
    PaymentFactory(award=award, due_date=d(2016, 8, 1), paid_date=d(2016, 8, 20))  # on time
    PaymentFactory(award=award, due_date=d(2016, 11, 1), paid_date=None)  # long unpaid
    PaymentFactory(award=award, due_date=timezone.localdate(), paid_date=None)  # just due
    found = [f for f in findings_for(world["compact"]) if f.commitment == days]
    late = (timezone.localdate() - d(2016, 11, 1)).days
    assert [f.detail for f in found] == [
        "Due 1 May 2016, paid 15 Jun 2016: 45 days after it fell due, more than 30.",
        f"Due 1 Nov 2016 and still unpaid {late} days later, more than 30.",
    ]
    assert all(f.organisation == "Crewe TP" for f in found)
    assert finding_count(world["compact"]) == len(findings_for(world["compact"]))


def test_the_scorecard_counts_the_short_notice_in_its_period(world, notice):
    from compact.scorecard import scorecard

    # The round runs from 1 Aug 2009 to 31 Mar 2010.
    in_period = change(sector_award(), "reduce", d(2009, 12, 1), d(2010, 1, 15))
    later = change(sector_award(), "reduce", d(2018, 1, 15), d(2018, 3, 1))
    card = scorecard(world["round"])
    funding = card.by_code[0]
    assert funding.findings == 1
    assert card.by_sector[0].findings == 2  # public sector: the notice and the consultation
    urls = [f.url for f in card.findings]
    assert in_period.get_absolute_url() in urls and later.get_absolute_url() not in urls
    # The findings page still lists both.
    assert later.get_absolute_url() in [f.url for f in findings_for(world["compact"])]


def test_the_scorecard_leaves_out_payments_due_outside_its_period(world):
    from compact.scorecard import scorecard

    CommitmentFactory(
        code=world["funding"],
        number=4,
        text="Pay within 30 days.",
        whose="public",
        check_kind=Commitment.Check.PAYMENT_DAYS,
        check_number=30,
    )
    award = sector_award(title="Town partnership grant")
    PaymentFactory(award=award, due_date=d(2009, 9, 30), paid_date=d(2009, 12, 1))  # in period
    PaymentFactory(award=award, due_date=d(2017, 12, 31), paid_date=None)  # years later
    card = scorecard(world["round"])
    assert card.by_code[0].findings == 1
    assert [f.when for f in card.findings if f.commitment.check_kind == "payment_days"] == [
        d(2009, 9, 30)
    ]
    assert card.total.findings == 2  # that payment and the 8-week consultation


def test_grants_to_public_bodies_are_not_checked_against_the_compact(world, notice):
    days = CommitmentFactory(
        code=world["funding"],
        number=4,
        text="Pay within 30 days.",
        whose="public",
        check_kind=Commitment.Check.PAYMENT_DAYS,
        check_number=30,
    )
    police = AwardFactory(
        title="Police project", recipient_organisation__name="Cheshire Constabulary"
    )
    change(police, "end", d(2018, 1, 15), d(2018, 2, 1))
    PaymentFactory(award=police, due_date=d(2016, 5, 1), paid_date=d(2016, 9, 1))
    carers = sector_award(title="Young carers", recipient_organisation__name="Young Carers")
    change(carers, "end", d(2018, 1, 15), d(2018, 2, 1))
    PaymentFactory(award=carers, due_date=d(2016, 5, 1), paid_date=d(2016, 9, 1))
    found = [f for f in findings_for(world["compact"]) if f.commitment in (notice, days)]
    assert [f.organisation for f in found] == ["Young Carers", "Young Carers"]
    assert finding_count(world["compact"]) == len(findings_for(world["compact"]))
