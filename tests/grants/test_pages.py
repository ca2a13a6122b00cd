"""Every grants page for every role, query counts that do not grow with rows, the live
section, the dashboard panel, the CSV exports and the demo data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.models import Award, Fund, MonitoringReturn, Payment, PBRound
from grants.services import award_approve, payment_save
from grants.services.pb import ballot_cast
from partnerships.sections import SECTIONS, choices

from .factories import AwardFactory, FundFactory, PaymentFactory, ProjectFactory, RoundFactory

pytestmark = pytest.mark.django_db
D = Decimal
R = reverse


@pytest.fixture
def world(partner_contact):
    fund = FundFactory(name="Town Partnership grants", budget=D("72000"))
    own = award_approve(
        award=AwardFactory(fund=fund, recipient_organisation=partner_contact.organisation),
        by=None,
    )
    other = award_approve(award=AwardFactory(fund=fund), by=None)
    r = RoundFactory()
    project = ProjectFactory(round=r)
    return {
        "fund": fund,
        "own": own,
        "other": other,
        "return": own.returns.order_by("period_end").first(),
        "round": r,
        "project": project,
    }


LOGIN = "login"
# role → expected status, for: (name, url builder)
ROLES = ["anonymous", "no_role_user", "partner_contact", "board_member", "officer", "administrator"]
MATRIX = [
    ("fund list", lambda w: R("grants:fund_list"), [LOGIN, 403, "awards", 200, 200, 200]),
    ("fund add", lambda w: R("grants:fund_add"), [LOGIN, 403, 403, 403, 200, 200]),
    (
        "fund detail",
        lambda w: R("grants:fund_detail", args=[w["fund"].pk]),
        [LOGIN, 404, 404, 200, 200, 200],
    ),
    (
        "fund edit",
        lambda w: R("grants:fund_edit", args=[w["fund"].pk]),
        [LOGIN, 404, 404, 403, 200, 200],
    ),
    (
        "fund history",
        lambda w: R("grants:fund_history", args=[w["fund"].pk]),
        [LOGIN, 404, 404, 403, 200, 200],
    ),
    (
        "roll forward",
        lambda w: R("grants:fund_roll_forward", args=[w["fund"].pk]),
        [LOGIN, 404, 404, 403, 200, 200],
    ),
    ("360 json", lambda w: R("grants:giving360", args=["json"]), [LOGIN, 403, 403, 200, 200, 200]),
    ("360 csv", lambda w: R("grants:giving360", args=["csv"]), [LOGIN, 403, 403, 200, 200, 200]),
    ("award list", lambda w: R("grants:award_list"), [LOGIN, 403, 200, 200, 200, 200]),
    ("award add", lambda w: R("grants:award_add"), [LOGIN, 403, 403, 403, 200, 200]),
    (
        "own award",
        lambda w: R("grants:award_detail", args=[w["own"].pk]),
        [LOGIN, 404, 200, 200, 200, 200],
    ),
    (
        "other award",
        lambda w: R("grants:award_detail", args=[w["other"].pk]),
        [LOGIN, 404, 404, 200, 200, 200],
    ),
    (
        "award edit",
        lambda w: R("grants:award_edit", args=[w["own"].pk]),
        [LOGIN, 404, 403, 403, 200, 200],
    ),
    (
        "award history",
        lambda w: R("grants:award_history", args=[w["own"].pk]),
        [LOGIN, 404, 403, 403, 200, 200],
    ),
    (
        "payment add",
        lambda w: R("grants:payment_add", args=[w["own"].pk]),
        [LOGIN, 404, 403, 403, 200, 200],
    ),
    (
        "award change",
        lambda w: R("grants:award_change", args=[w["own"].pk]),
        [LOGIN, 404, 403, 403, 200, 200],
    ),
    (
        # A return is the recipient's, the officers' and the fund's board's: this board member
        # sits on no board that owns the fund.
        "own return",
        lambda w: R("grants:return_detail", args=[w["return"].pk]),
        [LOGIN, 404, 200, 404, 200, 200],
    ),
    (
        "other return",
        lambda w: R("grants:return_detail", args=[w["other"].returns.first().pk]),
        [LOGIN, 404, 404, 404, 200, 200],
    ),
    ("round list", lambda w: R("grants:round_list"), [LOGIN, 403, 403, 200, 200, 200]),
    ("round add", lambda w: R("grants:round_add"), [LOGIN, 403, 403, 403, 200, 200]),
    (
        "round detail",
        lambda w: R("grants:round_detail", args=[w["round"].pk]),
        [LOGIN, 404, 404, 200, 200, 200],
    ),
    (
        "round edit",
        lambda w: R("grants:round_edit", args=[w["round"].pk]),
        [LOGIN, 404, 404, 403, 200, 200],
    ),
    (
        "round history",
        lambda w: R("grants:round_history", args=[w["round"].pk]),
        [LOGIN, 404, 404, 403, 200, 200],
    ),
    (
        "project add",
        lambda w: R("grants:project_add", args=[w["round"].pk]),
        [LOGIN, 404, 404, 403, 200, 200],
    ),
    (
        "project edit",
        lambda w: R("grants:project_edit", args=[w["project"].pk]),
        [LOGIN, 404, 404, 403, 200, 200],
    ),
    (
        "paper ballot",
        lambda w: R("grants:paper_ballot", args=[w["round"].pk]),
        [LOGIN, 404, 404, 403, 200, 200],
    ),
    ("ballot", lambda w: R("grants:ballot", args=[w["round"].pk]), [200] * 6),
    (
        "unpublished results",
        lambda w: R("grants:results", args=[w["round"].pk]),
        [404, 404, 404, 200, 200, 200],
    ),
]


@pytest.mark.parametrize("name,url,expected", MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(request, world, name, url, expected, client):
    target = url(world)
    for role, status in zip(ROLES, expected, strict=True):
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        response = client.get(target)
        if status == "awards":  # a partner's contact is taken to their awards
            assert response.status_code == 302 and response.url == R("grants:award_list")
        elif status == LOGIN:
            assert response.status_code == 302, (role, target)
            assert response.url.startswith(R("login")), (role, target)
        else:
            assert response.status_code == status, (role, target, response.status_code)


@pytest.mark.parametrize(
    "url",
    [
        "/grants/funds/999999/",
        "/grants/awards/999999/",
        "/grants/returns/999999/",
        "/grants/pb/999999/",
        "/grants/vote/999999/results/",
        "/grants/awards/999999/payments/add/",
    ],
)
def test_missing_records_are_404(client_for, officer, url):
    assert client_for(officer).get(url).status_code == 404


def test_bad_query_strings_are_tolerated(client_for, officer, world):
    client = client_for(officer)
    for url in [
        R("grants:fund_list") + "?financial_year=abc&route=nope&page=99",
        R("grants:award_list") + "?fund=x&returns_overdue=maybe&status=zzz",
        R("grants:award_add") + "?fund=abc",
    ]:
        assert client.get(url).status_code in (200, 404), url


def test_posts_are_refused_to_those_who_may_not(client_for, board_member, partner_contact, world):
    own = world["own"]
    for user in (board_member, partner_contact):
        client = client_for(user)
        assert (
            client.post(R("grants:award_action", args=[own.pk]), {"action": "accept"}).status_code
            == 403
        )
        assert client.post(R("grants:voter_codes", args=[world["round"].pk])).status_code in (
            403,
            404,
        )
    own.refresh_from_db()
    assert own.status == "approved"


def _counts(client, urls):
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        counts.append(len(ctx))
    return counts


def _build(rows):
    fund = FundFactory(budget=D("10000000"))
    for _n in range(rows):
        FundFactory()
        award = award_approve(award=AwardFactory(fund=fund), by=None)
        PaymentFactory(award=award, amount=D("10"), paid_date=datetime.date(2016, 5, 1))
    big = AwardFactory(fund=fund, amount=D("100000"))
    award_approve(award=big, by=None)
    for n in range(rows):
        payment_save(
            payment=PaymentFactory.build(
                award=big,
                amount=D("10"),
                due_date=datetime.date(2016, 4, 1) + datetime.timedelta(days=n),
            ),
            by=None,
        )
    r = RoundFactory(budget=D("1000000"))
    projects = [ProjectFactory(round=r) for _ in range(rows)]
    for n in range(rows):
        ballot_cast(round=r, projects=projects[: 1 + n % 3], paper_reference=f"P{n}", by=None)
    return fund, big, r


@pytest.mark.parametrize("role", ["officer", "board_member"])
def test_query_counts_do_not_grow_with_rows(request, client_for, role):
    user = request.getfixturevalue(role)
    client = client_for(user)

    def urls(fund, big, r):
        return [
            R("grants:fund_list"),
            R("grants:fund_detail", args=[fund.pk]),
            R("grants:award_list"),
            R("grants:award_detail", args=[big.pk]),
            R("grants:round_list"),
            R("grants:round_detail", args=[r.pk]),
            R("grants:results", args=[r.pk]),
            R("grants:ballot", args=[r.pk]),
            R("grants:giving360", args=["json"]),
            R("dashboard"),
        ]

    few = _counts(client, urls(*_build(5)))
    many = _counts(client, urls(*_build(50)))
    assert few == many


def test_grant_schedule_section(world):
    key = f"grants.schedule:{world['fund'].pk}"
    assert (key, f"Grant schedule: {world['fund']}") in choices()
    html = SECTIONS["grants.schedule"].render(None, str(world["fund"].pk))
    assert "headroom £56,000<" in html  # money as the register prints it: no pence
    assert world["own"].title in html and "£8,000<" in html
    assert "no longer in the portal" in SECTIONS["grants.schedule"].render(None, "999999")
    assert "no longer in the portal" in SECTIONS["grants.schedule"].render(None, "abc")


def test_fund_page_chart_shows_committed_paid_headroom(client_for, officer):
    fund = FundFactory(budget=D("72000"))
    award = award_approve(award=AwardFactory(fund=fund, amount=D("8000")), by=None)
    PaymentFactory(award=award, amount=D("4000"), paid_date=datetime.date(2016, 5, 1))
    page = client_for(officer).get(fund.get_absolute_url()).content.decode()
    assert 'id="fund-committed">£8,000.00' in page
    assert 'id="fund-paid">£4,000.00' in page
    assert 'id="fund-headroom">£64,000.00' in page
    assert '£64,000.00 <span class="text-body-secondary">(88.9% of budget)' in page
    assert 'class="chart-committed" width="11.1"' in page  # 11.1% of the track


def test_dashboard_panel_shows_overdue_returns(client_for, officer, partner_contact, world):
    page = client_for(officer).get(R("dashboard")).content.decode()
    assert "Overdue monitoring returns" in page
    assert world["own"].title in page and world["other"].title in page
    page = client_for(partner_contact).get(R("dashboard")).content.decode()
    assert "Your monitoring returns" in page
    assert world["own"].title in page and world["other"].title not in page


def test_award_list_filters_and_partner_sees_own(client_for, partner_contact, officer, world):
    page = client_for(partner_contact).get(R("grants:award_list")).content.decode()
    assert world["own"].title in page and world["other"].title not in page
    page = client_for(officer).get(R("grants:award_list") + "?returns_overdue=true").content
    assert world["own"].title in page.decode()


def test_csv_exports(client_for, officer, world, django_capture_on_commit_callbacks):
    from portal.models import Job

    client = client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(R("grants:award_export"), {"status": "approved"})
    job = Job.objects.get(title="Grant awards (CSV)")
    assert job.status == Job.Status.DONE, job.message
    text = job.file.open("rb").read().decode("utf-8-sig")
    assert world["own"].title in text and "8000.00" in text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(R("grants:fund_export"), {})
    job = Job.objects.get(title="Grant funds (CSV)")
    text = job.file.open("rb").read().decode("utf-8-sig")
    assert "Town Partnership grants" in text and "56000.00" in text


def test_demo_data(settings):
    from django.core.management import call_command

    call_command("seed_demo", "--no-users", "--force", verbosity=0)
    fund = Fund.objects.get(name="Town Partnership grants", financial_year=2016)
    assert fund.budget == D("72000") and fund.committed() == D("72000")
    assert fund.awards.count() == 9 and {a.amount for a in fund.awards.all()} == {D("8000")}
    assert Fund.objects.filter(name="Town Partnership commissioning for outcomes").exists()
    pb = Fund.objects.get(route="participatory")
    assert pb.budget == D("400000") and sum(r.budget for r in pb.pb_rounds.all()) == D("400000")
    assert all(r.ballots.exists() for r in PBRound.objects.all())
    third = Fund.objects.get(name="Third sector investment", financial_year=2009)
    assert third.rolled_forward_from.financial_year == 2008
    assert third.budget == third.rolled_forward_from.budget
    from grants.models import AwardChange

    assert any(c.short_notice for c in AwardChange.objects.all())
    # Every demo award is from a past year: paid, its returns in, closed; no round still open.
    assert set(Award.objects.values_list("status", flat=True)) == {"closed"}
    assert not MonitoringReturn.objects.filter(received_date__isnull=True).exists()
    assert not Payment.objects.filter(paid_date__isnull=True).exists()
    assert set(Fund.objects.values_list("status", flat=True)) == {"closed"}
    for r in PBRound.objects.all():
        assert r.voting_closes.year == 2017 and r.results_published_at.year == 2017
        assert r.awarded_at is not None
    from grants import giving360

    assert giving360.validation_errors(giving360.package()) == []
    from grants.seed import load

    assert load() == 0  # a second run adds nothing
    assert timezone.now()
