"""Forms that guide, in Chromium under the Content-Security-Policy: choosing the council as
accountable body marks the two fields it asks for as required (and choosing another body takes
the marks away); the list of supporting officers narrows as the officer types; both
accessibility engines find nothing wrong."""

import pytest

from portal.roles import Role

from ..partnerships.factories import OrganisationFactory
from .conftest import axe_violations, screenshot
from .test_grants import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(make_user, settings):
    make_user(Role.OFFICER, username="officer", name="Priya Shah")
    for n, name in enumerate(["Olive Okafor", "Dev Patel", "Jo Brennan", "Sam Whitaker"]):
        make_user(Role.OFFICER, username=f"o{n}", name=name)
    for n in range(8):
        make_user(Role.OFFICER, username=f"x{n}", name=f"Officer {n:02d}")
    make_user(Role.BOARD_MEMBER, username="councillor", name="Cllr Bob Member")
    OrganisationFactory(name=settings.PORTAL_COUNCIL_NAME)
    OrganisationFactory(name="Cheshire Constabulary")


def _marked(page, field_id: str) -> bool:
    label = page.locator(f"label[for={field_id}]")
    required = page.locator(f"#{field_id}").get_attribute("aria-required") == "true"
    return required and label.locator(".asteriskField").count() == 1


def test_choosing_the_council_marks_the_fields_it_asks_for(page, people, settings):
    sign_in(page)
    page.goto("/partnerships/new/")
    page.get_by_role("heading", name="Add a partnership").wait_for()
    criteria, risks = "id_accountable_body_criteria", "id_accountable_body_risks"
    assert not _marked(page, criteria) and not _marked(page, risks)
    # The help text says it, script or no script.
    assert "Required when \u201cAccountable body\u201d is Cheshire East Council." in (
        page.locator("#id_accountable_body_criteria_helptext").inner_text()
    )
    lead = page.get_by_label("Lead officer")
    offered = lead.locator("option").all_inner_texts()
    assert "Olive Okafor" in offered and "Cllr Bob Member" not in offered

    page.get_by_label("Accountable body", exact=True).select_option(
        label=settings.PORTAL_COUNCIL_NAME
    )
    assert _marked(page, criteria) and _marked(page, risks)
    assert axe_violations(page) == []
    screenshot(page, "partnership-council-accountable")

    page.get_by_label("Accountable body", exact=True).select_option(label="Cheshire Constabulary")
    assert not _marked(page, criteria) and not _marked(page, risks)

    # Sent without them, the server refuses it on the two fields.
    page.get_by_label("Accountable body", exact=True).select_option(
        label=settings.PORTAL_COUNCIL_NAME
    )
    page.locator("#id_name").fill("Crewe Town Partnership")
    page.locator("#id_kind").select_option(label="Town partnership")
    page.get_by_role("button", name="Add partnership").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert _marked(page, criteria) and _marked(page, risks)
    assert axe_violations(page) == []


def test_the_supporting_officers_list_narrows_as_one_types(page, people):
    sign_in(page)
    page.goto("/partnerships/new/")
    group = page.get_by_role("group", name="Supporting officers")
    boxes = group.get_by_role("checkbox")
    total = boxes.count()
    assert total == 13  # the officers only, not the councillor
    status = group.get_by_role("status")
    assert status.inner_text() == f"{total} to choose from, 0 chosen."

    page.get_by_label("Filter the list of supporting officers").fill("oka")
    assert group.get_by_role("checkbox", name="Olive Okafor").is_visible()
    visible = [n for n in group.locator(".form-check").all() if n.is_visible()]
    assert len(visible) == 1
    group.get_by_role("checkbox", name="Olive Okafor").check()
    assert status.inner_text() == f"1 of {total} shown, 1 chosen."
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # Enter in the filter does not send the form
    assert page.get_by_role("heading", name="Add a partnership").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "partnership-supporting-filtered")

    page.get_by_label("Filter the list of supporting officers").fill("")
    assert len([n for n in group.locator(".form-check").all() if n.is_visible()]) == total
    assert group.get_by_role("checkbox", name="Olive Okafor").is_checked()
