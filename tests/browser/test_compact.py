"""The Compact in Chromium: an officer reads the findings and the scorecard, a partner answers
their own organisation's self-assessment; every page passes axe-core."""

import pytest

from compact import seed
from compact.models import Assessment
from partnerships.management.commands.seed_demo import Command as SeedDemo
from partnerships.models import Organisation
from partnerships.seed import load_partnerships
from portal.roles import Role

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(make_user):
    SeedDemo().load_organisations()
    load_partnerships()
    seed.load()
    make_user(Role.OFFICER, username="officer", name="Priya Shah")
    make_user(
        Role.PARTNER_CONTACT,
        username="partner",
        name="Sam Taylor",
        organisation=Organisation.objects.get(name="Third Sector Assembly"),
    )


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome", exact=False).wait_for()


def test_officer_reads_the_compact_findings_and_scorecard(page, demo):
    sign_in(page, "officer")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Compact").click()
    page.get_by_role("link", name="West Cheshire Compact").click()
    page.get_by_role("heading", name="West Cheshire Compact").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "compact-detail")

    page.get_by_role("link", name="Findings from the portal's records").click()
    page.get_by_role("heading", name="Findings from the portal's records").wait_for()
    assert "Alcohol Strategy for West Cheshire" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    page.go_back()
    page.get_by_role("link", name="Compact self-assessment 2009/10").click()
    page.get_by_role("heading", name="Scorecard").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "compact-round")

    page.get_by_role("navigation", name="Compact").get_by_role(
        "link", name="Agreement and Protocols"
    ).click()
    page.get_by_role("heading", name="Agreement and Protocols", exact=True).wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Versions of Compact").click()
    page.get_by_role("button", name="Show the differences").click()
    page.get_by_role("heading", name="Compact: what changed").wait_for()
    assert "added:" in page.locator("table").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("navigation", name="Compact").get_by_role("link", name="Breaches").click()
    page.get_by_role("heading", name="Compact breaches").wait_for()
    assert axe_violations(page) == []

    page.get_by_role("navigation", name="Compact").get_by_role("link", name="Consultations").click()
    page.get_by_role("heading", name="Consultations").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Alcohol Strategy for West Cheshire").click()
    assert "Finding:" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    page.goto("/compact/handbook/")
    page.get_by_role("link", name="Version 1").first.click()
    page.get_by_role("heading", name="Record its endorsement").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "compact-version")


def test_partner_answers_their_own_self_assessment(page, demo):
    sign_in(page, "partner")
    page.goto("/compact/")
    page.get_by_role("link", name="West Cheshire Compact").click()
    page.get_by_role("link", name="Compact self-assessment 2009/10").click()
    page.get_by_role("heading", name="Third Sector Assembly: self-assessment").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Rating for 2.4").select_option(label="Met")
    page.get_by_label("Evidence for 2.4").fill("The Assembly co-ordinates its members' responses.")
    page.get_by_role("button", name="Save answers").click()
    page.get_by_text("Your answers were saved.").wait_for()
    assessment = Assessment.objects.get(organisation__name="Third Sector Assembly")
    assert assessment.ratings.get(commitment__code__number=2, commitment__number=4).value == "met"
    screenshot(page, "compact-assessment")

    other = Assessment.objects.get(organisation__name="Cheshire West and Chester Council")
    response = page.goto(other.get_absolute_url())
    assert response.status == 404
