"""An officer approves an award against a fund's headroom and a resident votes with a code,
in Chromium, with axe checks on the grants pages."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from grants.models import Ballot
from grants.services import award_approve
from grants.services.pb import voter_codes_issue
from portal.roles import Role

from ..grants.factories import AwardFactory, FundFactory, ProjectFactory, RoundFactory
from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def grants(make_user):
    make_user(Role.OFFICER, username="officer", name="Priya Shah")
    fund = FundFactory(name="Town Partnership grants", budget=Decimal("20000"))
    award_approve(award=AwardFactory(fund=fund, title="Crewe", amount=Decimal("8000")), by=None)
    award_approve(award=AwardFactory(fund=fund, title="Nantwich", amount=Decimal("8000")), by=None)
    AwardFactory(fund=fund, title="Alsager", amount=Decimal("8000"))
    now = timezone.now()
    r = RoundFactory(
        name="Southern Area Board vote",
        budget=Decimal("100000"),
        voting_opens=now - datetime.timedelta(days=1),
        voting_closes=now + datetime.timedelta(days=6),
    )
    ProjectFactory(round=r, title="Cook and eat club", cost=Decimal("60000"))
    ProjectFactory(round=r, title="Walking routes", cost=Decimal("45000"))
    code = voter_codes_issue(round=r, count=1, by=None)[0].code
    return {"fund": fund, "round": r, "code": code}


def sign_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome, Priya").wait_for()


def test_officer_sees_the_headroom_refusal(page, grants):
    sign_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Grants").click()
    page.get_by_role("heading", name="Grant funds").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Town Partnership grants").click()
    page.get_by_role("heading", name="Town Partnership grants 2016/17").wait_for()
    assert page.locator("#fund-headroom").inner_text() == "£4,000.00"
    assert axe_violations(page) == []
    screenshot(page, "grants-fund")
    page.get_by_role("link", name="Alsager").click()
    page.get_by_role("button", name="Approve").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "would take committed to £24,000.00; the fund's headroom is £4,000.00" in (
        alert.inner_text()
    )
    assert page.locator("#award-status").inner_text() == "Proposed"
    assert axe_violations(page) == []
    screenshot(page, "grants-award-refused")


def test_resident_votes_once_with_a_code(page, grants):
    page.goto(f"/grants/vote/{grants['round'].pk}/")
    page.get_by_role("heading", name="Southern Area Board vote").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Your voter code").fill(grants["code"])
    page.get_by_label("Cook and eat club").check()
    page.get_by_label("Walking routes").check()
    page.get_by_role("button", name="Cast my vote").click()
    page.get_by_role("alert").wait_for()
    assert "cost £105,000.00 together" in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Your voter code").fill(grants["code"])
    page.get_by_label("Walking routes").uncheck()
    page.get_by_role("button", name="Cast my vote").click()
    page.get_by_text("your vote has been counted").wait_for()
    assert Ballot.objects.count() == 1
    screenshot(page, "grants-ballot-thanks")
