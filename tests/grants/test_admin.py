"""The admin site keeps the money rules the award pages keep: no over-committing a fund through
an approved award's amount or fund, no budget below what is committed, no funding change that
skips the service which cuts the award."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import AwardChange
from grants.services import award_approve

from .factories import AwardFactory, FundFactory

pytestmark = pytest.mark.django_db
D = Decimal


def award_form(award, **changes):
    data = {
        "fund": award.fund_id,
        "recipient_organisation": award.recipient_organisation_id,
        "recipient_partnership": "",
        "title": award.title,
        "purpose": award.purpose,
        "amount": str(award.amount),
        "route": award.route,
        "start_date": award.start_date.isoformat(),
        "end_date": award.end_date.isoformat(),
        "monitoring_frequency": award.monitoring_frequency,
    }
    data.update(changes)
    return data


def test_an_approved_awards_amount_and_fund_cannot_be_changed_in_the_admin(
    client_for, administrator
):
    fund = FundFactory(budget=D("10000"))
    award = award_approve(award=AwardFactory(fund=fund, amount=D("8000")), by=None)
    other = FundFactory(budget=D("100"))
    client = client_for(administrator)
    url = reverse("admin:grants_award_change", args=[award.pk])
    page = client.get(url).content.decode()
    assert 'name="amount"' not in page and 'name="fund"' not in page
    response = client.post(url, award_form(award, amount="50000", fund=other.pk, title="Raised"))
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.title == "Raised"  # the rest of the record is still editable
    assert award.amount == D("8000") and award.fund_id == fund.pk
    assert fund.committed() == D("8000") and other.committed() == D("0")


def test_a_proposed_awards_amount_can_still_be_edited_in_the_admin(client_for, administrator):
    award = AwardFactory(amount=D("8000"))
    client = client_for(administrator)
    url = reverse("admin:grants_award_change", args=[award.pk])
    assert client.post(url, award_form(award, amount="9000")).status_code == 302
    award.refresh_from_db()
    assert award.amount == D("9000")


def test_the_admin_refuses_a_budget_below_what_is_committed(client_for, administrator):
    fund = FundFactory(budget=D("10000"))
    award_approve(award=AwardFactory(fund=fund, amount=D("8000")), by=None)
    data = {
        "name": fund.name,
        "financial_year": fund.financial_year,
        "budget": "5000",
        "funder": fund.funder_id,
        "route": fund.route,
        "status": fund.status,
        "description": "",
    }
    response = client_for(administrator).post(
        reverse("admin:grants_fund_change", args=[fund.pk]), data
    )
    assert response.status_code == 200
    assert "The fund has committed £8,000.00" in response.content.decode()
    fund.refresh_from_db()
    assert fund.budget == D("10000")


def test_funding_changes_are_recorded_from_the_award_page_not_added_in_the_admin(
    client_for, administrator
):
    award = award_approve(award=AwardFactory(amount=D("8000")), by=None)
    client = client_for(administrator)
    assert client.get(reverse("admin:grants_awardchange_add")).status_code == 403
    change = AwardChange.objects.create(
        award=award,
        kind=AwardChange.Kind.REDUCE,
        notice_date=datetime.date(2016, 6, 1),
        effective_date=datetime.date(2016, 10, 1),
        new_amount=D("6000"),
        previous_amount=D("8000"),
        reason="Savings",
    )
    page = client.get(reverse("admin:grants_awardchange_change", args=[change.pk]))
    assert page.status_code == 200 and 'name="new_amount"' not in page.content.decode()
