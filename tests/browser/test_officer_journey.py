"""An officer signs in, filters the partner organisations and exports them, in Chromium."""

from pathlib import Path

import pytest

from partnerships.models import Organisation
from portal.roles import Role

from ..partnerships.factories import OrganisationFactory
from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(make_user):
    make_user(Role.OFFICER, username="officer", name="Priya Shah")
    OrganisationFactory(name="Cheshire East Council")
    OrganisationFactory(name="Cheshire Constabulary", kind=Organisation.Kind.POLICE)
    OrganisationFactory(
        name="Third Sector Assembly",
        sector=Organisation.Sector.VCFS,
        kind=Organisation.Kind.INFRASTRUCTURE,
    )
    OrganisationFactory.create_batch(30)


def test_officer_signs_in_filters_and_exports(page, register):
    page.goto("/")
    assert page.title() == "Sign in – Partnership portal"
    assert axe_violations(page) == []
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome, Priya").wait_for()
    assert axe_violations(page) == []

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partnerships").click()
    page.get_by_role("heading", name="Partnership register").wait_for()
    page.get_by_role("navigation", name="Partnerships").get_by_role(
        "link", name="Partner organisations"
    ).click()
    page.get_by_role("heading", name="Partner organisations").wait_for()
    assert "Showing 1–25 of 33 organisations" in page.locator("#result-count").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "organisation-list")

    page.get_by_label("Sector").select_option(label="Voluntary, community and faith sector")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**sector=vcfs**")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert rows.first.get_by_role("link").inner_text() == "Third Sector Assembly"
    assert axe_violations(page) == []
    screenshot(page, "organisation-list-filtered")

    page.get_by_role("button", name="Export as CSV (1 organisation)").click()
    page.get_by_role("heading", name="Partner organisations (CSV)").wait_for()
    download_link = page.get_by_role("link", name="Download")
    download_link.wait_for()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        download_link.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[1].startswith("Third Sector Assembly,")


def test_organisation_form_errors_are_announced_and_accessible(page, register):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.goto("/partnerships/organisations/new/")
    page.get_by_label("Name").fill("Cheshire East Council")
    page.get_by_label("Sector").select_option("public")
    page.get_by_label("Kind").select_option("local_authority")
    page.get_by_label("Charity number").fill("12AB")
    page.get_by_role("button", name="Add organisation").click()
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert "Enter a charity number as registered" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []
    screenshot(page, "organisation-form-errors")
    assert Organisation.objects.filter(name="Cheshire East Council").count() == 1


def test_partnership_pages_are_accessible(page, settings):
    from django.core.management import call_command

    from partnerships.models import Board, Meeting, Partnership, Report, Strategy

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("portal-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome, Priya").wait_for()
    assert "Partnerships needing attention" in page.content()
    hwb = Partnership.objects.get(name="Health and Wellbeing Board")
    ambition = Report.objects.get(title__startswith="Ambition")
    pages = {
        "register": "/partnerships/?needs_risk_assessment=true",
        "structure": "/partnerships/structure/",
        "partnership": hwb.get_absolute_url(),
        "board": Board.objects.get(name="Cheshire East Leaders Board").get_absolute_url(),
        "strategy": Strategy.objects.get().get_absolute_url(),
        "partnership-edit": f"/partnerships/{hwb.pk}/edit/",
        "membership-add": f"/partnerships/boards/{hwb.boards.first().pk}/members/new/",
        "meeting": Meeting.objects.filter(board__partnership=hwb)
        .latest("start")
        .get_absolute_url(),
        # A held meeting: attendance, quorum, votes, declarations and published minutes.
        "held meeting": Meeting.objects.filter(board__partnership=hwb, status="held")
        .latest("start")
        .get_absolute_url(),
        "report": ambition.get_absolute_url(),
        "report-edit": f"/partnerships/reports/{ambition.pk}/edit/",
    }
    for name, url in pages.items():
        page.goto(url)
        assert axe_violations(page) == [], name
        screenshot(page, f"partnerships-{name}")
    page.goto(pages["register"])
    rows = page.locator("table tbody tr")
    assert "Health and Wellbeing Board" in rows.all_inner_texts()[0] or rows.count() >= 1
    assert page.get_by_text("Risk assessment needed").count() == rows.count()
