"""The portal on a phone and a tablet, in Chromium, signed in as an officer and as a board member:
no main page scrolls sideways at 390 pixels (wide tables scroll inside their own box instead),
a list page's filters fold away behind a "Filter" disclosure on a phone and stay open beside the
list on a laptop, and the navigation toggle on a phone or an iPad says "Menu"."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
IPAD = {"width": 820, "height": 1180}
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Layout is what is tested here; the second factor has its own tests (test_officer_journey).
    settings.PORTAL_TWO_FACTOR_REQUIRED = False
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


def _sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("portal-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome", exact=False).first.wait_for()


def _too_wide(page, pages):
    """Open each page at the phone's width; return the ones wider than the screen, with their
    widths, after checking each opened and passes axe."""
    offenders = []
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, f"{name} ({url}): {response.status}"
        # axe-core on every page; both engines on the pages this change reworked (below).
        assert axe_violations(page, ibm=False) == [], name
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            offenders.append(f"{name} ({url}): {width}px")
    return offenders


def _officer_pages():
    from compact.models import Compact
    from grants.models import Fund
    from partnerships.models import Meeting, Membership, Partnership, Report
    from workprogramme.models import RiskLog, WorkProgramme

    hwb = Partnership.objects.get(name="Health and Wellbeing Board")
    meeting = (
        Meeting.objects.filter(items__report__isnull=False, packs__isnull=False)
        .distinct()
        .latest("start")
    )
    return {
        "home": "/",
        "register": "/partnerships/",
        "organisations": "/partnerships/organisations/",
        "partnership": hwb.get_absolute_url(),
        "board": hwb.boards.first().get_absolute_url(),
        "meeting": meeting.get_absolute_url(),
        "report": Report.objects.get(title__startswith="Ambition").get_absolute_url(),
        "funds": "/grants/",
        "fund": Fund.objects.order_by("pk").first().get_absolute_url(),
        "awards": "/grants/awards/",
        "work programmes": "/work-programmes/",
        "work programme": WorkProgramme.objects.order_by("pk").first().get_absolute_url(),
        "risk logs": "/work-programmes/risk-logs/",
        "risk log": RiskLog.objects.order_by("pk").first().get_absolute_url(),
        "compacts": "/compact/",
        "compact": Compact.objects.order_by("pk").first().get_absolute_url(),
        "search": "/search/?q=health",
        "meetings": "/partnerships/meetings/",
        "my meetings": "/partnerships/my-meetings/",
        "own profile": "/partnerships/me/",
        "member profile": reverse("partnerships:member", args=[Membership.objects.first().pk]),
        "structure": "/partnerships/structure/",
    }


def _filter_panel(page):
    return page.locator("details.filter-disclosure")


def _menu_button(page):
    return page.get_by_role("navigation", name="Main").get_by_role("button", name="Menu")


def test_officer_pages_fit_a_phone_with_filters_folded_and_a_labelled_menu(page, demo):
    page.set_viewport_size(PHONE)
    _sign_in(page, "officer")
    pages = _officer_pages()
    offenders = _too_wide(page, pages)
    assert offenders == [], "pages wider than a 390px phone: " + "; ".join(offenders)

    # The navigation toggle says what it is, in words a sighted user sees.
    menu = _menu_button(page)
    assert menu.is_visible() and menu.inner_text().strip() == "Menu"
    menu.click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Grants").wait_for()

    # A list page: the filters are one "Filter" line above the list, not screens of fields.
    page.goto(pages["register"])
    panel = _filter_panel(page)
    assert panel.get_attribute("open") is None
    assert not page.get_by_role("button", name="Apply filters").is_visible()
    first_row = page.locator("table tbody tr").first.bounding_box()
    assert first_row["y"] < PHONE["height"], "the first partnership is below the first screen"
    screenshot(page, "small-screens-register-390")
    assert axe_violations(page) == []
    panel.locator("summary").click()
    page.get_by_role("button", name="Apply filters").wait_for()
    assert axe_violations(page) == []
    page.goto(pages["report"])
    assert axe_violations(page) == []

    page.goto(pages["meeting"])
    # The packs' table scrolls in its own box: the download link can be scrolled to, and the
    # first column (which pack) stays in view beside it.
    packs = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Pack"))
    download = packs.get_by_role("link", name="Download").first
    download.scroll_into_view_if_needed()
    link, label = download.bounding_box(), packs.locator("tbody tr td, tbody tr th").first
    assert link["x"] >= 0 and link["x"] + link["width"] <= PHONE["width"]
    assert label.bounding_box()["x"] >= 0 and label.inner_text().startswith("Agenda pack")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "small-screens-meeting-390")

    # An iPad: still a toggle, still labelled.
    page.set_viewport_size(IPAD)
    page.goto(pages["meetings"])
    assert _menu_button(page).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= IPAD["width"]
    screenshot(page, "small-screens-meetings-820")

    # A laptop: the filters sit open beside the list, and the navigation is a bar.
    page.set_viewport_size(LAPTOP)
    page.goto(pages["register"])
    assert _filter_panel(page).get_attribute("open") is not None
    assert page.get_by_role("button", name="Apply filters").is_visible()
    assert not _menu_button(page).is_visible()


def test_member_pages_fit_a_phone(page, demo):
    page.set_viewport_size(PHONE)
    _sign_in(page, "member")
    pages = {
        "home": "/",
        "my meetings": "/partnerships/my-meetings/",
        "meetings": "/partnerships/meetings/",
        "own profile": "/partnerships/me/",
        "search": "/search/?q=board",
    }
    page.goto(pages["my meetings"])
    meeting = page.locator("main a[href*='/partnerships/meetings/']").first.get_attribute("href")
    pages["meeting"] = meeting
    page.goto(meeting)
    report = page.locator("main a[href*='/partnerships/reports/']")
    if report.count():
        pages["report"] = report.first.get_attribute("href")
    offenders = _too_wide(page, pages)
    assert offenders == [], "pages wider than a 390px phone: " + "; ".join(offenders)
    page.goto(pages["meetings"])
    assert _filter_panel(page).get_attribute("open") is None
    assert _menu_button(page).is_visible()
    screenshot(page, "small-screens-member-meetings-390")
