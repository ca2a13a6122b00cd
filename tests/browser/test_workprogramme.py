"""An officer opens the 2007/08 work programme, follows a heat-map cell to its tasks, opens a
task and records an override with a reason, in Chromium, with axe checks on each page."""

import io

import pytest
from django.core.management import call_command

from partnerships import demo
from partnerships.models import Partnership
from portal.roles import Role
from workprogramme.models import RiskLog, WorkProgramme

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme(make_user):
    officer = make_user(Role.OFFICER, username="officer", name="Priya Shah")
    call_command("seed_demo", "--no-users", stdout=io.StringIO())
    Partnership.objects.get(name=demo.CCP).supporting_officers.add(officer)
    return WorkProgramme.objects.get(title="Work Programme 2007/08")


def sign_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome, Priya").wait_for()


def test_officer_reads_the_programme_follows_the_heat_map_and_overrides(page, programme):
    sign_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Work programmes").click()
    page.get_by_role("heading", name="Work programmes").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Work Programme 2007/08").click()
    page.get_by_role("heading", name="Work Programme 2007/08").wait_for()
    assert "Showing 1–18 of 18 tasks" in page.locator("#result-count").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "work-programme")

    cell = page.get_by_role("link", name="3 tasks with likelihood 4 and impact 4")
    cell.click()
    page.wait_for_url("**likelihood=4&impact=4**")
    assert "Showing 1–3 of 3 tasks" in page.locator("#result-count").inner_text()

    page.get_by_role("link", name="17. Map out information gathering").click()
    page.get_by_role("heading", name="17. Map out information gathering").wait_for()
    assert "Supports" in page.locator("#task-links").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Override the priority").click()
    page.get_by_label("Priority").select_option("2")
    page.get_by_role("button", name="Save override").click()
    page.get_by_role("alert").wait_for()
    assert "Reason" in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Reason").fill("Early win already delivered by the district LSPs")
    page.get_by_role("button", name="Save override").click()
    page.get_by_text("computed priority 1").first.wait_for()
    assert "Early win already delivered" in page.content()
    screenshot(page, "work-programme-task")


def test_risk_log_and_shortlist_are_accessible(page, programme):
    sign_in(page)
    page.goto(f"/work-programmes/{programme.pk}/shortlist/")
    page.get_by_role("heading", name="Level 1 shortlist").wait_for()
    assert (
        page.locator("table tbody tr").count() == 6
    )  # document 003: 3, 10 with 2, 11; 5, 7 in hand
    assert axe_violations(page) == []
    log = RiskLog.objects.get()
    page.goto(log.get_absolute_url())
    page.get_by_role("heading", name="Ambition for All refresh risk log").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "risk-log")
    # Printed, the heat map and the level badges keep their colours (browsers drop
    # backgrounds when printing unless told otherwise).
    page.emulate_media(media="print")
    # The colours come from the levels stylesheet (the CSP refuses style attributes).
    styles = page.evaluate(
        "() => [...document.querySelectorAll('table.heat-map td[class*=level-], .level-swatch')]"
        ".map(e => [getComputedStyle(e).printColorAdjust, getComputedStyle(e).backgroundColor])"
    )
    page.emulate_media(media="screen")
    assert len(styles) > 25 and {adjust for adjust, _ in styles} == {"exact"}
    assert "rgba(0, 0, 0, 0)" not in {background for _, background in styles}
    page.get_by_role("link", name="R1: Partners do not take ownership").click()
    page.get_by_role("heading", name="Actions").wait_for()
    assert axe_violations(page) == []
