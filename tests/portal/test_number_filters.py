"""A number too big for any column, typed into a list's filter, is refused on its field: the
page answers with the message, never a 500 (SQLite cannot even compare such a number)."""

import pytest
from django.urls import reverse

from ..grants.factories import FundFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


def test_a_huge_year_in_the_fund_filter_is_a_message_on_its_field(client_for, officer):
    FundFactory()
    response = client_for(officer).get(reverse("grants:fund_list"), {"financial_year": HUGE})
    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert "financial_year" in errors
    assert "less than or equal to" in " ".join(errors["financial_year"])


def test_a_huge_year_in_the_api_filter_is_a_400_naming_the_field(client_for, officer):
    FundFactory()
    response = client_for(officer).get("/api/v1/funds/", {"financial_year": HUGE})
    assert response.status_code == 400
    assert "financial_year" in response.json()
