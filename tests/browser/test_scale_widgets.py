"""The search-as-you-type filter and the structure chart's branches, in Chromium, under the
Content-Security-Policy: an officer picks a fund by typing part of its name, and opens a long
branch of the chart in place."""

from decimal import Decimal

import pytest

from partnerships.models import Partnership
from portal.roles import Role

from ..grants.factories import AwardFactory, FundFactory
from ..partnerships.factories import PartnershipFactory
from .conftest import axe_violations, screenshot
from .test_grants import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county(make_user, settings):
    settings.PORTAL_STRUCTURE_DEPTH = 2
    make_user(Role.OFFICER, username="officer", name="Priya Shah")
    town = FundFactory(name="Town Partnership grants", budget=Decimal("100000"))
    AwardFactory(fund=town, title="Crewe town award")
    for n in range(30):
        AwardFactory(fund=FundFactory(name=f"Area fund {n:02d}"), title=f"Area award {n:02d}")
    top = PartnershipFactory(name="Leaders Board", kind="leaders_board")
    area = PartnershipFactory(name="Crewe Area Board", kind="area_board", accountable_to=top)
    Partnership.objects.bulk_create(
        Partnership(name=f"Town {n:02d}", kind="town", accountable_to=area) for n in range(8)
    )


def test_an_officer_picks_a_fund_by_typing_part_of_its_name(page, county):
    sign_in(page)
    page.goto("/grants/awards/")
    page.get_by_role("heading", name="Awards").first.wait_for()
    box = page.locator("#id_fund-ts-control")
    box.fill("town")
    option = page.get_by_role("option", name="Town Partnership grants")
    option.wait_for()
    option.click()
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Crewe town award").wait_for()
    assert page.get_by_role("link", name="Area award 00").count() == 0
    assert "fund=" in page.url
    assert axe_violations(page) == []
    screenshot(page, "awards-fund-picked")


def test_a_long_branch_of_the_chart_opens_in_place(page, county):
    sign_in(page)
    page.goto("/partnerships/structure/")
    page.get_by_role("heading", name="Partnership structure").wait_for()
    assert page.get_by_text("Town 03").count() == 0
    page.get_by_role("link", name="Show the 8 partnerships accountable to Crewe Area Board").click()
    page.get_by_text("Town 03").wait_for()
    assert page.url.endswith("/partnerships/structure/")  # opened in place, not a new page
    assert axe_violations(page) == []
    screenshot(page, "structure-branch-opened")
