"""The home page by role (issue 17): what a board member, an officer and a partner's contact
each see, that each sees only their own panels, and that the page's query count does not grow
with the rows behind it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compact.models import Assessment, AssessmentRound, Compact
from grants.models import Award, Fund, MonitoringReturn
from partnerships.models import (
    AgendaItem,
    AgendaPack,
    Interest,
    Meeting,
    MeetingAction,
    Membership,
    Report,
)
from portal.charts import Bar, bar_chart
from portal.models import SignInEvent

from ..partnerships.factories import BoardFactory, OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

HOME = reverse("dashboard")


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(HOME).status_code == 200
    return len(context.captured_queries)


def _meeting(board, days, **kwargs):
    return Meeting.objects.create(
        board=board,
        start=timezone.now() + datetime.timedelta(days=days),
        venue="County Hall",
        **kwargs,
    )


def _pack(meeting, *, restricted=False, published_days_ago=1, version=1):
    pack = AgendaPack(
        meeting=meeting,
        version=version,
        restricted=restricted,
        state=AgendaPack.State.READY,
        page_count=12,
        generated_at=timezone.now(),
        published_at=timezone.now() - datetime.timedelta(days=published_days_ago),
    )
    pack.file.save(
        f"pack-{meeting.pk}-{version}-{restricted}.pdf", ContentFile(b"%PDF-1.4"), save=False
    )
    pack.save()
    return pack


# --- a board member ------------------------------------------------------------------------


def _member_world(member, n=1):
    """A board the member sits on with ``n`` meetings coming, each with its public and
    restricted pack published, actions in the member's name and one register entry; and a
    board they do not sit on, with a published pack of its own."""
    board = BoardFactory(name=f"Health and Wellbeing Board {Membership.objects.count()}")
    Membership.objects.create(board=board, user=member, start_date=datetime.date(2020, 1, 1))
    meetings = []
    for i in range(n):
        meeting = _meeting(board, 7 + i)
        _pack(meeting)
        _pack(meeting, restricted=True)
        MeetingAction.objects.create(
            meeting=meeting, description=f"Bring the housing figures {i}", owner=member.name
        )
        meetings.append(meeting)
    MeetingAction.objects.create(
        meeting=meetings[0], description="Someone else's action", owner="Somebody Else"
    )
    Interest.objects.get_or_create(
        user=member, kind=Interest.Kind.PECUNIARY, description="Director, Example Homes Ltd"
    )
    other = BoardFactory(name=f"Community Safety Board {Membership.objects.count()}")
    other_pack = _pack(_meeting(other, 5))
    return meetings, other_pack


def test_member_sees_next_meetings_with_packs_in_one_click(client_for, board_member):
    SignInEvent.objects.create(
        kind=SignInEvent.Kind.SIGNED_IN,
        user=board_member,
        at=timezone.now() - datetime.timedelta(days=3),
    )
    (meeting, *_), other_pack = _member_world(board_member)
    old = _pack(meeting, published_days_ago=10, version=2)
    page = client_for(board_member).get(HOME).content.decode()
    assert "Your next meetings" in page
    public, restricted = meeting.packs.filter(version=1).order_by("restricted")
    for pack in (public, restricted):
        href = reverse("partnerships:pack_download", args=[pack.pk])
        assert f'href="{href}"' in page
        assert board_member.has_perm("partnerships.view_pack", pack)
    assert "includes the exempt items" in page
    assert reverse("partnerships:pack_download", args=[other_pack.pk]) not in page
    # New papers: since the previous sign-in, three days ago, which the page says.
    assert "Published since you last signed in" in page
    new_papers = page.split('id="new-papers-heading"')[1].split("</section>")[0]
    assert reverse("partnerships:pack_download", args=[public.pk]) in new_papers
    assert reverse("partnerships:pack_download", args=[old.pk]) not in new_papers
    # Actions in their name, and not other people's.
    assert "Bring the housing figures 0" in page
    assert "Someone else&#x27;s action" not in page and "Someone else's action" not in page
    # Their register of interests, with its review date a year after its last change.
    assert "Your register of interests" in page
    assert "1 standing entry" in page
    next_year = timezone.localdate().replace(year=timezone.localdate().year + 1)
    assert f"Next review by {next_year:%-d %B %Y}" in page


def test_member_opens_the_pack_from_home(client_for, board_member):
    (meeting, *_), _other = _member_world(board_member)
    client = client_for(board_member)
    page = client.get(HOME).content.decode()
    restricted = meeting.packs.get(restricted=True)
    link = re.search(r'href="([^"]+)"[^>]*>Open the agenda pack \(restricted\)', page)
    assert link and link.group(1) == restricted.get_absolute_url()
    response = client.get(link.group(1))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_first_sign_in_says_what_new_means(client_for, board_member):
    _member_world(board_member)
    page = client_for(board_member).get(HOME).content.decode()
    assert "this is your first sign-in" in page


def test_member_sees_no_officer_panels(client_for, board_member):
    _member_world(board_member)
    _officer_world(None, n=1)
    page = client_for(board_member).get(HOME).content.decode()
    for heading in (
        "Meetings in the next",
        "Late and missing reports",
        "awaiting your sign-off",
        "Reports awaiting sign-off",
        "Partnerships needing attention",
        "Headroom per open fund",
        "Recent changes to the register",
        "Partner organisations",
        "Work programmes and risk",
    ):
        assert heading not in page, heading


def test_member_query_count_does_not_grow(client_for, board_member):
    _member_world(board_member, n=1)
    client = client_for(board_member)
    few = _queries(client)
    for _ in range(4):
        _member_world(board_member, n=6)
    assert _queries(client) <= few


# --- an officer ----------------------------------------------------------------------------


def _officer_world(officer, n=1, signer=None):
    """A partnership the officer leads, with ``n`` meetings in the next four weeks (each with a
    missing report, a late draft and a submitted report), one beyond them, ``n`` open funds and a
    closed one."""
    partnership = PartnershipFactory(lead_officer=officer)
    board = BoardFactory(partnership=partnership, name=f"Children's Trust {Fund.objects.count()}")
    author = signer or officer
    for i in range(n):
        meeting = _meeting(board, 10 + i % 5)
        AgendaItem.objects.create(
            meeting=meeting, number=1, title=f"Early help strategy {i}", report_author=author
        )
        draft = Report.objects.create(title=f"Budget monitoring {i}", author="Pat Writer")
        AgendaItem.objects.create(meeting=meeting, number=2, title="Budget", report=draft)
        submitted = Report.objects.create(
            title=f"School places {i}", author="Pat Writer", status=Report.Status.SUBMITTED
        )
        AgendaItem.objects.create(meeting=meeting, number=3, title="Places", report=submitted)
    _meeting(board, 45)
    funder = OrganisationFactory()
    for _ in range(n):
        fund = Fund.objects.create(
            name=f"Town Partnership grants {Fund.objects.count()}",
            financial_year=2026,
            budget=Decimal("72000.00"),
            funder=funder,
        )
        Award.objects.create(
            fund=fund,
            recipient_organisation=funder,
            title="Town plan",
            amount=Decimal("8000.00"),
            status=Award.Status.APPROVED,
            start_date=datetime.date(2026, 4, 1),
            end_date=datetime.date(2027, 3, 31),
        )
    Fund.objects.create(
        name=f"Old closed fund {Fund.objects.count()}",
        financial_year=2019,
        budget=Decimal("1000.00"),
        funder=funder,
        status=Fund.Status.CLOSED,
    )
    return board


def test_officer_sees_four_weeks_with_deadlines_and_late_reports(client_for, officer):
    board = _officer_world(officer)
    meeting = board.meetings.order_by("start").first()
    page = client_for(officer).get(HOME).content.decode()
    coming = page.split('id="coming-meetings-heading"')[1].split("</section>")[0]
    assert meeting.get_absolute_url() in coming
    assert f"{meeting.report_deadline:%a %-d %b}" in coming
    assert f"by {meeting.publication_date:%a %-d %b}" in coming
    assert "1 of 3 in" in coming and "2 late" in coming
    later = board.meetings.order_by("start").last()
    assert later.get_absolute_url() not in coming
    late = page.split('id="late-reports-heading"')[1].split("</section>")[0]
    assert "Early help strategy 0" in late and "Missing: was due" in late
    assert "Budget" in late and "Late: was due" in late
    assert "School places" not in late
    # Not a sign-off holder: the submitted reports of their boards, to chase.
    signoff = page.split('id="signoff-heading"')[1].split("</section>")[0]
    assert "Reports awaiting sign-off" in signoff and "School places 0" in signoff
    assert "waiting for finance and legal" in signoff
    assert "Partnerships needing attention" in page
    assert "Work programmes and risk" in page


def test_officer_sees_a_chart_of_headroom_per_open_fund(client_for, officer):
    _officer_world(officer)
    page = client_for(officer).get(HOME).content.decode()
    panel = page.split('id="headroom-heading"')[1].split("</section>")[0]
    assert 'role="img"' in panel and "<title id=" in panel and "<desc id=" in panel
    assert "£64,000 left of £72,000 (89%)" in panel  # printed in the chart, not only drawn
    assert "<table" in panel and "£64,000</td>" in panel and "£8,000</td>" in panel
    assert "Old closed fund" not in panel


def test_reports_awaiting_the_signers_own_sign_off(client_for, officer, signer):
    finance = signer("finance")
    _officer_world(officer, signer=finance)
    own = Report.objects.create(
        title="My own report", author="Someone", written_by=finance, status="submitted"
    )
    AgendaItem.objects.create(meeting=Meeting.objects.first(), number=9, title="Own", report=own)
    page = client_for(finance).get(HOME).content.decode()
    panel = page.split('id="signoff-heading"')[1].split("</section>")[0]
    assert "Reports awaiting your sign-off" in panel
    assert "School places 0" in panel and "yours to give: finance" in panel
    assert "My own report" not in panel  # never signed off by its own author


def test_officer_sees_only_the_boards_they_keep(client_for, officer, make_user):
    from portal.roles import Role

    other_officer = make_user(Role.OFFICER, username="other-officer")
    _officer_world(other_officer)
    page = client_for(officer).get(HOME).content.decode()
    assert "Early help strategy" not in page and "School places" not in page
    assert "No meetings of the boards you keep" in page


def test_officer_query_count_does_not_grow(client_for, officer, signer):
    finance = signer("finance")
    _officer_world(officer, n=1, signer=finance)
    officer_client, finance_client = client_for(officer), client_for(finance)
    few, few_finance = _queries(officer_client), _queries(finance_client)
    _officer_world(officer, n=15, signer=finance)
    _officer_world(officer, n=15, signer=finance)
    assert _queries(officer_client) <= few
    assert _queries(finance_client) <= few_finance


# --- a partner's contact -------------------------------------------------------------------


def _partner_world(organisation, n=1):
    """Returns and self-assessments due from ``organisation``, and from another one."""
    other = OrganisationFactory()
    fund = Fund.objects.create(
        name=f"Community grants {Fund.objects.count()}",
        financial_year=2026,
        budget=Decimal("500000.00"),
        funder=other,
    )
    compact = Compact.objects.create(name=f"Compact {Compact.objects.count()}", area="Anywhere")
    for i in range(n):
        for who in (organisation, other):
            award = Award.objects.create(
                fund=fund,
                recipient_organisation=who,
                title=f"Grant to {who.name} {i}",
                amount=Decimal("1000.00"),
                status=Award.Status.MONITORING,
                start_date=datetime.date(2026, 4, 1),
                end_date=datetime.date(2027, 3, 31),
            )
            MonitoringReturn.objects.create(
                award=award,
                period_end=datetime.date(2026, 9, 30),
                due_date=datetime.date(2026, 10, 31),
            )
        round_ = AssessmentRound.objects.create(
            compact=compact,
            title=f"Self-assessment {Compact.objects.count()}-{i}",
            period_start=datetime.date(2026, 4, 1),
            period_end=datetime.date(2027, 3, 31),
        )
        Assessment.objects.create(round=round_, organisation=organisation)
        Assessment.objects.create(round=round_, organisation=other)
    return other


def test_partner_sees_their_own_returns_and_self_assessments(client_for, partner_contact):
    other = _partner_world(partner_contact.organisation)
    _officer_world(None)
    page = client_for(partner_contact).get(HOME).content.decode()
    assert "Your monitoring returns" in page
    assert f"Grant to {partner_contact.organisation.name} 0" in page
    assert f"Grant to {other.name}" not in page
    assert "Compact self-assessments to answer" in page
    mine = Assessment.objects.get(organisation=partner_contact.organisation)
    theirs = Assessment.objects.get(organisation=other)
    assert mine.get_absolute_url() in page and theirs.get_absolute_url() not in page
    for heading in (
        "Your next meetings",
        "Meetings in the next",
        "Headroom per open fund",
        "Late and missing reports",
        "Partnerships needing attention",
    ):
        assert heading not in page, heading


def test_partner_query_count_does_not_grow(client_for, partner_contact):
    _partner_world(partner_contact.organisation, n=1)
    client = client_for(partner_contact)
    few = _queries(client)
    _partner_world(partner_contact.organisation, n=12)
    assert _queries(client) <= few


# --- the chart -----------------------------------------------------------------------------


def test_bar_chart_is_labelled_and_escapes_its_text():
    svg = bar_chart(
        bars=[Bar(label="<Fund & Co>", value=Decimal("5"), scale=Decimal("10"), text="£5 of £10")],
        chart_id="c",
        title="Headroom",
        description="What is left",
    )
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert "&lt;Fund &amp; Co&gt;" in svg and "<Fund" not in svg
    assert 'width="179.0"' in svg  # half of the 358-unit track
    empty = bar_chart(bars=[], chart_id="e", title="t", description="d")
    assert empty.startswith("<svg")


def test_the_portal_dashboard_imports_no_domain_app():
    import ast
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "portal" / "dashboard.py"
    tree = ast.parse(source.read_text())
    imported = {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not imported & {"partnerships", "grants", "compact", "workprogramme"}
