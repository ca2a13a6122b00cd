"""Participatory budgets: the counting rules by hand, voter codes, the public ballot."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from grants.models import Award, Ballot, PBRound, VoterCode
from grants.services.pb import (
    ballot_cast,
    pb_make_awards,
    pb_publish,
    pb_results,
    rank_and_fund,
    voter_codes_issue,
)

from .factories import ProjectFactory, RoundFactory

pytestmark = pytest.mark.django_db
D = Decimal


def test_rank_and_fund_by_hand():
    # Budget 100. Votes: A 10 (cost 60), B 8 (50), C 8 (30), D 5 (10), E 0 (5).
    # Ranking: A, then the B/C tie goes to the cheaper C, then B, then D, then E.
    # A fits (40 left); C fits (10 left); B (50) does not; D (10) fits (0 left); E has no votes.
    counts = [
        ("A", D(60), "A", 10),
        ("B", D(50), "B", 8),
        ("C", D(30), "C", 8),
        ("D", D(10), "D", 5),
        ("E", D(5), "E", 0),
    ]
    assert rank_and_fund(D(100), counts) == [
        ("A", 10, True),
        ("C", 8, True),
        ("B", 8, False),
        ("D", 5, True),
        ("E", 0, False),
    ]
    # Same votes and cost: title decides, alphabetically.
    assert rank_and_fund(D(10), [("y", D(10), "Youth club", 3), ("b", D(10), "Bowls", 3)]) == [
        ("b", 3, True),
        ("y", 3, False),
    ]


def _vote(r, projects, choice_sets):
    codes = voter_codes_issue(round=r, count=len(choice_sets), by=None)
    for code, choice in zip(codes, choice_sets, strict=True):
        ballot_cast(round=r, projects=[projects[i] for i in choice], code=code.code)


def test_knapsack_round_counted_by_hand():
    r = RoundFactory(budget=D("100"))
    p = [
        ProjectFactory(round=r, title="Allotments", cost=D("40")),
        ProjectFactory(round=r, title="Bike hub", cost=D("70")),
        ProjectFactory(round=r, title="Cook club", cost=D("30")),
        ProjectFactory(round=r, title="Dance", cost=D("20")),
    ]
    ProjectFactory(round=r, title="Car park", cost=D("10"), eligible=False)
    # Each ballot fits the £100 budget.
    _vote(r, p, [(1, 2), (1, 2), (1, 3), (0, 2, 3), (0, 2), (0,)])
    # Votes: Allotments 3, Bike hub 3, Cook club 4, Dance 2.
    # Order: Cook club 4; Allotments 3 and Bike hub 3 tie, the cheaper Allotments first; Dance 2.
    # Cook club 30 (70 left), Allotments 40 (30 left), Bike hub 70 no, Dance 20 (10 left).
    results = pb_results(r)
    assert [(x.project.title, x.votes, x.funded) for x in results.rows] == [
        ("Cook club", 4, True),
        ("Allotments", 3, True),
        ("Bike hub", 3, False),
        ("Dance", 2, True),
    ]
    assert results.ballots == 6 and results.allocated == D("90") and results.unallocated == 10
    assert [x.remaining_after for x in results.rows] == [D(70), D(30), D(30), D(10)]


def test_approval_round_counted_by_hand():
    r = RoundFactory(budget=D("100"), rule=PBRound.Rule.APPROVAL, max_choices=2)
    p = [
        ProjectFactory(round=r, title="Allotments", cost=D("60")),
        ProjectFactory(round=r, title="Bike hub", cost=D("50")),
        ProjectFactory(round=r, title="Cook club", cost=D("45")),
    ]
    # Approval voters may pick projects costing more than the budget together (110).
    _vote(r, p, [(0, 1), (0, 1), (0, 2), (1, 2), (0,)])
    # Votes: Allotments 4, Bike hub 3, Cook club 2. Allotments 60 (40 left); Bike hub 50 no;
    # Cook club 45 no. Only one project is funded.
    results = pb_results(r)
    assert [(x.project.title, x.votes, x.funded) for x in results.rows] == [
        ("Allotments", 4, True),
        ("Bike hub", 3, False),
        ("Cook club", 2, False),
    ]
    with pytest.raises(ValidationError, match="Choose at most 2 projects"):
        code = voter_codes_issue(round=r, count=1, by=None)[0]
        ballot_cast(round=r, projects=p, code=code.code)


def test_knapsack_ballot_must_fit_the_budget():
    r = RoundFactory(budget=D("100"))
    a = ProjectFactory(round=r, cost=D("60"))
    b = ProjectFactory(round=r, cost=D("50"))
    code = voter_codes_issue(round=r, count=1, by=None)[0]
    with pytest.raises(ValidationError, match="cost £110.00 together"):
        ballot_cast(round=r, projects=[a, b], code=code.code)
    assert not Ballot.objects.exists()


def test_a_code_votes_once():
    r = RoundFactory()
    project = ProjectFactory(round=r)
    code = voter_codes_issue(round=r, count=1, by=None)[0]
    ballot_cast(round=r, projects=[project], code=code.code.lower())
    with pytest.raises(ValidationError, match="already been used"):
        ballot_cast(round=r, projects=[project], code=code.code)
    assert Ballot.objects.count() == 1


def test_codes_are_random_and_unique_per_batch():
    r = RoundFactory()
    first = voter_codes_issue(round=r, count=200, by=None)
    second = voter_codes_issue(round=r, count=5, by=None)
    codes = {c.code for c in first + second}
    assert len(codes) == 205 and all(len(c) == 10 for c in codes)
    assert {c.batch for c in first} == {1} and {c.batch for c in second} == {2}


def test_the_database_keeps_no_usable_codes(settings):
    r = RoundFactory()
    project = ProjectFactory(round=r)
    issued = voter_codes_issue(round=r, count=3, by=None)
    stored = [
        str(value)
        for row in VoterCode.objects.values_list(*[f.attname for f in VoterCode._meta.fields])
        for value in row
    ]
    assert not any(c.code in value for c in issued for value in stored)
    with pytest.raises(ValidationError, match="not valid"):
        ballot_cast(round=r, projects=[project], code=VoterCode.objects.first().code_hash)
    # After SECRET_KEY is rotated (the old key kept as a fallback) issued codes still vote.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    ballot_cast(round=r, projects=[project], code=issued[0].code)
    assert VoterCode.objects.filter(ballot__isnull=False).count() == 1
    # A code issued under the new key works too, and each code still votes once.
    fresh = voter_codes_issue(round=r, count=1, by=None)[0].code
    ballot_cast(round=r, projects=[project], code=fresh)
    with pytest.raises(ValidationError, match="already been used"):
        ballot_cast(round=r, projects=[project], code=issued[0].code)


def test_public_ballot_needs_no_account_but_a_valid_unused_code(client):
    r = RoundFactory(budget=D("100"))
    a = ProjectFactory(round=r, title="Outdoor gym", cost=D("60"))
    ProjectFactory(round=r, title="Not eligible", eligible=False)
    code = voter_codes_issue(round=r, count=1, by=None)[0].code
    url = reverse("grants:ballot", args=[r.pk])
    page = client.get(url).content.decode()
    assert "Outdoor gym" in page and "Not eligible" not in page
    response = client.post(url, {"code": "WRONGCODE1", "projects": [a.pk]})
    assert response.status_code == 400
    assert "That voter code is not valid" in response.content.decode()
    response = client.post(url, {"code": code, "projects": [a.pk]})
    assert "your vote has been counted" in response.content.decode()
    response = client.post(url, {"code": code, "projects": [a.pk]})
    assert "This voter code has already been used to vote." in response.content.decode()
    assert Ballot.objects.count() == 1


def test_public_ballot_only_in_the_voting_window(client):
    now = timezone.now()
    r = RoundFactory(
        voting_opens=now + datetime.timedelta(days=1),
        voting_closes=now + datetime.timedelta(days=2),
    )
    a = ProjectFactory(round=r)
    code = voter_codes_issue(round=r, count=1, by=None)[0].code
    url = reverse("grants:ballot", args=[r.pk])
    assert "Voting is open from" in client.get(url).content.decode()
    response = client.post(url, {"code": code, "projects": [a.pk]})
    assert response.status_code == 400 and not Ballot.objects.exists()
    assert client.get(reverse("grants:ballot", args=[999999])).status_code == 404


def test_officer_enters_paper_ballots(client_for, officer):
    r = RoundFactory(budget=D("100"))
    a = ProjectFactory(round=r, cost=D("60"))
    url = reverse("grants:paper_ballot", args=[r.pk])
    client = client_for(officer)
    assert client.post(url, {"paper_reference": "P001", "projects": [a.pk]}).status_code == 302
    response = client.post(url, {"paper_reference": "P001", "projects": [a.pk]})
    assert "already entered" in response.content.decode()
    assert Ballot.objects.get().source == "paper"


def test_paper_ballots_wait_until_voting_opens_but_may_be_entered_after_it_closes(
    client_for, officer
):
    now = timezone.now()
    early = RoundFactory(voting_opens=now + datetime.timedelta(days=1))
    a = ProjectFactory(round=early)
    response = client_for(officer).post(
        reverse("grants:paper_ballot", args=[early.pk]),
        {"paper_reference": "P001", "projects": [a.pk]},
    )
    assert "Voting has not opened yet" in response.content.decode()
    assert not Ballot.objects.exists()
    closed = RoundFactory(
        voting_opens=now - datetime.timedelta(days=9),
        voting_closes=now - datetime.timedelta(days=2),
    )
    b = ProjectFactory(round=closed)
    ballot_cast(round=closed, projects=[b], paper_reference="P002", by=officer)
    assert Ballot.objects.get().round == closed


def test_publish_and_make_awards(client_for, officer, client):
    now = timezone.now()
    r = RoundFactory(
        budget=D("100"),
        voting_opens=now - datetime.timedelta(days=10),
        voting_closes=now - datetime.timedelta(days=1),
    )
    a = ProjectFactory(round=r, title="Cook club", cost=D("60"))
    b = ProjectFactory(round=r, title="Dance", cost=D("50"))
    for n, choice in enumerate([[a], [a], [b]]):
        ballot_cast(round=r, projects=choice, paper_reference=f"P{n}", by=officer)
    results_url = reverse("grants:results", args=[r.pk])
    assert client.get(results_url).status_code == 404  # not published: not public
    staff = client_for(officer)
    assert "Not yet published" in staff.get(results_url).content.decode()
    staff.post(reverse("grants:round_publish", args=[r.pk]))
    page = client.get(results_url).content.decode()
    assert "Ties in votes are broken by the lower cost" in page
    assert "£60.00 of £100.00 allocated to 1 project" in page
    response = staff.post(reverse("grants:round_awards", args=[r.pk]))
    assert response.url == r.fund.get_absolute_url()
    award = Award.objects.get()
    assert (award.title, award.amount, award.status, award.route) == (
        "Cook club",
        D("60"),
        "approved",
        "participatory",
    )
    assert award.recipient_partnership == r.area_board
    with pytest.raises(ValidationError, match="already been made"):
        pb_make_awards(round=r, by=officer)
    with pytest.raises(ValidationError, match="already published"):
        pb_publish(round=r, by=officer)


def test_results_wait_for_voting_to_close(officer):
    r = RoundFactory()
    ballot_cast(round=r, projects=[ProjectFactory(round=r)], paper_reference="1", by=officer)
    with pytest.raises(ValidationError, match="once voting closes"):
        pb_publish(round=r, by=officer)


def test_officer_sets_up_a_round_screens_projects_and_issues_codes(client_for, officer):
    import csv
    import io

    from grants.models import Fund, PBProject

    from ..partnerships.factories import PartnershipFactory
    from .factories import FundFactory

    fund = FundFactory(route=Fund.Route.PARTICIPATORY, budget=D("400000"))
    board = PartnershipFactory(name="Southern Area Board", kind="area_board")
    client = client_for(officer)
    data = {
        "name": "Southern PB",
        "fund": fund.pk,
        "area_board": board.pk,
        "budget": "140000",
        "voting_opens": "2030-01-09T09:00",
        "voting_closes": "2030-01-01T09:00",
        "rule": "approval",
        "max_choices": "",
    }
    response = client.post(reverse("grants:round_add"), data)
    page = response.content.decode()
    assert "Voting must close after it opens." in page
    assert "The approval rule needs k" in page
    data.update(voting_closes="2030-02-06T17:00", max_choices="3")
    response = client.post(reverse("grants:round_add"), data)
    r = PBRound.objects.get(name="Southern PB")
    assert response.url == r.get_absolute_url()
    response = client.post(
        reverse("grants:project_add", args=[r.pk]),
        {"title": "Car park", "cost": "0", "ward": "Crewe", "eligible": "false"},
    )
    assert "greater than or equal to 0.01" in response.content.decode()
    client.post(
        reverse("grants:project_add", args=[r.pk]),
        {
            "title": "Car park",
            "cost": "30000",
            "ward": "Crewe",
            "eligible": "false",
            "screening_note": "Not public health",
        },
    )
    project = PBProject.objects.get(title="Car park")
    assert project.eligible is False
    page = client.get(r.get_absolute_url()).content.decode()
    assert "Not eligible" in page and "Not public health" in page
    response = client.post(reverse("grants:voter_codes", args=[r.pk]), {"count": "25"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Round", "Batch", "Voter code", "Vote at"]
    assert len(rows) == 26 and len({row[2] for row in rows[1:]}) == 25
    assert rows[1][3].endswith(reverse("grants:ballot", args=[r.pk]))
    response = client.post(reverse("grants:voter_codes", args=[r.pk]), {"count": "0"}, follow=True)
    assert "between 1 and 5,000" in response.content.decode()
    assert r.voter_codes.count() == 25


def test_the_round_and_its_projects_are_fixed_once_ballots_are_cast(client_for, officer):
    r = RoundFactory(budget=D("100"))
    a = ProjectFactory(round=r, title="Outdoor gym", cost=D("60"))
    b = ProjectFactory(round=r, title="Walks", cost=D("30"))
    client = client_for(officer)
    project_url = reverse("grants:project_edit", args=[a.pk])
    data = {"title": "Outdoor gym", "cost": "60", "ward": a.ward, "eligible": "true"}
    # Before any vote, screening and costs can still change.
    assert client.post(project_url, {**data, "cost": "55"}).status_code == 302
    code = voter_codes_issue(round=r, count=1, by=None)[0].code
    ballot_cast(round=r, projects=[a, b], code=code)
    page = client.get(project_url).content.decode()
    assert "Fixed: ballots have been cast in this round." in page
    # The form shows cost and screening disabled; a forged post does not change them …
    assert client.post(project_url, {**data, "cost": "20", "eligible": "false"}).status_code == 302
    a.refresh_from_db()
    assert (a.cost, a.eligible) == (D("55"), True)
    # … nor does a save that skips the form (the admin, a script).
    a.cost = D("20")
    with pytest.raises(ValidationError, match="Ballots have been cast"):
        a.full_clean()
    a.refresh_from_db()
    response = client.post(
        reverse("grants:project_add", args=[r.pk]),
        {"title": "Late entry", "cost": "10", "ward": "Crewe", "eligible": "true"},
    )
    assert "no more projects can be added" in response.content.decode()
    # The description and screening note can still be corrected.
    assert (
        client.post(project_url, {**data, "cost": "55", "description": "Fixed typo"}).status_code
        == 302
    )
    a.refresh_from_db()
    assert (a.cost, a.eligible, a.description) == (D("55"), True, "Fixed typo")
    assert {row.project.title for row in pb_results(r).funded} == {"Outdoor gym", "Walks"}

    round_url = reverse("grants:round_edit", args=[r.pk])
    round_data = {
        "name": r.name,
        "fund": r.fund_id,
        "area_board": r.area_board_id,
        "budget": "100",
        "voting_opens": timezone.localtime(r.voting_opens).strftime("%Y-%m-%dT%H:%M"),
        "voting_closes": timezone.localtime(r.voting_closes).strftime("%Y-%m-%dT%H:%M"),
        "rule": r.rule,
    }
    assert "Fixed: ballots have been cast" in client.get(round_url).content.decode()
    response = client.post(
        round_url,
        {
            **round_data,
            "budget": "50",
            "rule": "approval",
            "max_choices": "1",
            "description": "Now",
        },
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert (r.budget, r.rule, r.description) == (D("100"), "knapsack", "Now")
    r.budget = D("50")
    with pytest.raises(ValidationError, match="Ballots have been cast"):
        r.full_clean()


def test_published_results_keep_their_voting_dates():
    r = RoundFactory(budget=D("100"))
    a = ProjectFactory(round=r, cost=D("60"))
    code = voter_codes_issue(round=r, count=1, by=None)[0].code
    ballot_cast(round=r, projects=[a], code=code)
    pb_publish(round=r, by=None, now=r.voting_closes + datetime.timedelta(hours=1))
    r.refresh_from_db()
    r.voting_closes += datetime.timedelta(days=7)
    with pytest.raises(ValidationError, match="cannot change"):
        r.full_clean()
