"""A fund's page and the award list do the same work for 5 awards as for 500: a page of rows,
totals for those rows only, and a link to the rest."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import Award, Payment

from .factories import AwardFactory, FundFactory

pytestmark = pytest.mark.django_db


def fund_with(awards: int):
    fund = FundFactory(budget=Decimal("10000000"))
    template = AwardFactory(fund=fund, title="Award 0000")
    rows = Award.objects.bulk_create(
        Award(
            fund=fund,
            recipient_organisation=template.recipient_organisation,
            title=f"Award {n:04d}",
            amount=Decimal("8000"),
            status="approved",
            start_date=template.start_date,
            end_date=template.end_date,
        )
        for n in range(1, awards)
    )
    Payment.objects.bulk_create(
        Payment(
            award=a,
            due_date=datetime.date(2016, 5, 1),
            amount=Decimal("4000"),
            paid_date=datetime.date(2016, 5, 1),
        )
        for a in rows
    )
    return fund


def measure(client, url, query=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query or {})
    assert response.status_code == 200
    return response, len(queries)


def test_the_fund_page_shows_a_page_of_awards_and_the_way_to_the_rest(client_for, officer):
    client = client_for(officer)
    small, small_queries = measure(client, fund_with(5).get_absolute_url())
    big_fund = fund_with(500)
    large, large_queries = measure(client, big_fund.get_absolute_url())
    assert len(small.context["awards"]) == 5
    assert len(large.context["awards"]) == settings.PORTAL_PAGE_SIZE
    assert large_queries == small_queries
    # A page of 25 rows and its page links, not 500 rows.
    assert len(large.content) < len(small.content) + 25 * 1200
    page = large.content.decode()
    assert f"Awards 1 to {settings.PORTAL_PAGE_SIZE} of 500." in page
    assert f"{reverse('grants:award_list')}?fund={big_fund.pk}" in page
    last, _ = measure(client, big_fund.get_absolute_url(), {"page": 20})
    assert [a.title for a in last.context["awards"]][-1] == "Award 0499"


def test_the_award_list_sums_payments_for_its_page_only(client_for, officer):
    fund_with(60)
    response, _ = measure(client_for(officer), reverse("grants:award_list"))
    awards = response.context["awards"]
    assert len(awards) == settings.PORTAL_PAGE_SIZE
    paid = {a.title: a.paid_total for a in awards}
    assert paid["Award 0001"] == Decimal("4000")
    assert paid["Award 0000"] == Decimal("0")
