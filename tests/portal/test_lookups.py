"""Filters over large tables are a box to type in: no drop-down of every fund or partnership,
typed text filters by name without JavaScript, and the picker's matches are what the list's
filter would offer the same user."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..grants.factories import AwardFactory, FundFactory
from ..partnerships.factories import PartnershipFactory
from ..workprogramme.factories import WorkProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def funds():
    town = FundFactory(name="Town Partnership grants")
    AwardFactory(fund=town, title="Crewe town award")
    others = [FundFactory(name=f"Area fund {n:02d}") for n in range(30)]
    AwardFactory(fund=others[0], title="Area award")
    return town, others


def lookup_url(filterset: str, field: str) -> str:
    return reverse("lookup", args=[filterset, field])


def test_the_award_list_draws_a_search_box_not_every_fund(client_for, officer, funds):
    page = client_for(officer).get(reverse("grants:award_list")).content.decode()
    assert 'type="search" name="fund"' in page
    assert f'data-lookup-url="{lookup_url("grants.AwardFilter", "fund")}"' in page
    assert "Area fund 29" not in page  # no <option> per fund


def test_typed_text_filters_by_name_without_javascript(client_for, officer, funds):
    response = client_for(officer).get(reverse("grants:award_list"), {"fund": "town"})
    titles = [a.title for a in response.context["awards"]]
    assert titles == ["Crewe town award"]
    # The box keeps what was typed.
    assert 'value="town"' in response.content.decode()


def test_a_picked_fund_filters_exactly_and_shows_its_name(client_for, officer, funds):
    town, _ = funds
    response = client_for(officer).get(reverse("grants:award_list"), {"fund": town.pk})
    assert [a.title for a in response.context["awards"]] == ["Crewe town award"]
    page = response.content.decode()
    assert f'data-lookup-id="{town.pk}"' in page
    assert f'value="{town}"' in page


def test_an_id_that_is_not_a_choice_is_a_message_on_the_field(client_for, officer, funds):
    response = client_for(officer).get(reverse("grants:award_list"), {"fund": 987654})
    assert response.status_code == 200
    assert "That is not one of the choices" in response.content.decode()


def test_the_picker_answers_the_first_matches_in_few_queries(client_for, officer, funds):
    client = client_for(officer)
    url = lookup_url("grants.AwardFilter", "fund")
    with CaptureQueriesContext(connection) as queries:
        data = client.get(url, {"q": "area"}).json()
    assert len(data["results"]) == 20  # capped
    assert all("Area fund" in row["label"] for row in data["results"])
    assert len(queries) <= 5  # session, user, its second factor, groups, the match
    assert client.get(url, {"q": ""}).json() == {"results": []}


def test_the_picker_needs_a_sign_in_and_a_real_filter(client, client_for, officer):
    url = lookup_url("grants.AwardFilter", "fund")
    assert client.get(url, {"q": "x"}).status_code == 302
    signed_in = client_for(officer)
    assert signed_in.get(lookup_url("grants.NoSuchFilter", "fund")).status_code == 404
    assert signed_in.get(lookup_url("grants.AwardFilter", "status")).status_code == 404


def test_the_picker_offers_a_member_only_partnerships_they_may_open(client_for, board_member):
    hidden = WorkProgrammeFactory(partnership=PartnershipFactory(name="Hidden partnership"))
    url = lookup_url("workprogramme.ProgrammeFilter", "partnership")
    labels = [
        r["label"] for r in client_for(board_member).get(url, {"q": "partner"}).json()["results"]
    ]
    assert str(hidden.partnership) not in labels
