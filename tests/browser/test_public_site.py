"""The public democracy site in Chromium, signed out: every kind of public page (home, calendar
month and list, a board, a meeting, a report, the minutes, the decisions list, a member's
profile, the alert sign-up, confirmation and unsubscribe pages) passes axe-core and fits a
390-pixel phone without sideways scrolling."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from partnerships.models import (
    AgendaItem,
    AgendaPack,
    KeyDecision,
    Meeting,
    Minutes,
    Report,
    Subscription,
)

from ..partnerships.factories import BoardFactory, MembershipFactory, PartnershipFactory
from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    board = BoardFactory(
        partnership=PartnershipFactory(
            name="Health and Wellbeing Partnership",
            purpose="To improve the health and wellbeing of the people of the borough.",
        ),
        name="Health and Wellbeing Board",
    )
    chair = MembershipFactory(board=board, contact__name="Cllr Jane Hughes", role="chair")
    MembershipFactory(board=board, contact__name="Dr Amrit Patel")
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    meeting = Meeting.objects.create(
        board=board,
        start=start + datetime.timedelta(days=7),
        venue="Westfields, Middlewich Road, Sandbach",
        online_link="https://example.org/watch",
    )
    Meeting.objects.create(
        board=board,
        start=start + datetime.timedelta(days=9),
        venue="Town Hall",
        status=Meeting.Status.CANCELLED,
    )
    report = Report.objects.create(
        title="Joint Health and Wellbeing Strategy refresh 2026 to 2031",
        author="Steph Cordon",
        status=Report.Status.PUBLISHED,
        finance_signoff="Finance",
        legal_signoff="Legal",
        summary="<p>The strategy is refreshed every five years.</p>",
        recommendations="Agree the refresh\nAgree the priorities",
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Apologies")
    AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        title=report.title,
        report=report,
        kind=AgendaItem.Kind.DECISION,
        resolution="That the refresh of the strategy be agreed.",
        minute="The board discussed the priorities of the refreshed strategy.",
        votes_for=6,
        votes_against=1,
        votes_abstained=0,
    )
    AgendaItem.objects.create(
        meeting=meeting,
        number=3,
        title="Community transport tenders",
        exempt=True,
        exempt_paragraph=3,
        public_title="Contract award",
    )
    pack = AgendaPack.objects.create(
        meeting=meeting,
        version=1,
        state=AgendaPack.State.READY,
        generated_at=timezone.now(),
        published_at=timezone.now(),
    )
    pack.file.save("pack.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    KeyDecision.objects.create(
        board=board, title="Better Care Fund plan", decision_date=meeting.start.date()
    )
    Minutes.objects.create(meeting=meeting, published_at=timezone.now())
    subscription = Subscription.objects.create(
        board=board, email="resident@example.org", confirmed_at=timezone.now()
    )
    return {
        "board": board,
        "meeting": meeting,
        "report": report,
        "chair": chair,
        "subscription": subscription,
    }


def test_public_pages_pass_axe_and_fit_a_phone(page, site):
    month = f"{site['meeting'].local_start:%Y-%m}"
    pages = [
        ("public-home", "/democracy/"),
        ("public-calendar-month", f"/democracy/calendar/?month={month}"),
        ("public-calendar-list", "/democracy/calendar/?view=list"),
        ("public-board", f"/democracy/boards/{site['board'].pk}/"),
        ("public-meeting", f"/democracy/meetings/{site['meeting'].pk}/"),
        ("public-report", f"/democracy/reports/{site['report'].pk}/"),
        ("public-minutes", f"/democracy/meetings/{site['meeting'].pk}/minutes/"),
        ("public-decisions", "/democracy/decisions/"),
        ("public-member", f"/democracy/members/{site['chair'].pk}/"),
        ("public-alerts", f"/democracy/boards/{site['board'].pk}/alerts/"),
        ("public-alerts-confirm", f"/democracy/alerts/confirm/{site['subscription'].token}/"),
        ("public-unsubscribe", f"/democracy/alerts/unsubscribe/{site['subscription'].token}/"),
    ]
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages:
            response = page.goto(url)
            assert response.status == 200, url
            assert axe_violations(page) == [], (name, width)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (name, width, scroll)
            screenshot(page, f"{name}-{width}")
    page.goto(f"/democracy/meetings/{site['meeting'].pk}/")
    assert page.get_by_text("3. Contract award").is_visible()
    assert page.get_by_text("Community transport tenders").count() == 0
