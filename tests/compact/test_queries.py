"""A page's query count does not grow with its rows: 5 rows and 50 take the same queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compact.models import Commitment, Rating, SectionVersion

from ..partnerships.factories import OrganisationFactory
from .factories import (
    AssessmentFactory,
    BreachFactory,
    CodeFactory,
    CommitmentFactory,
    CompactFactory,
    ConsultationFactory,
    EndorsementFactory,
    RoundFactory,
    SectionFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def same_for_5_and_50(client, make, url):
    make(5)
    few = queries(client, url() if callable(url) else url)
    make(45)
    many = queries(client, url() if callable(url) else url)
    assert few == many, (few, many)


@pytest.fixture
def compact():
    compact = CompactFactory(name="West Cheshire Compact")
    CommitmentFactory(
        code=CodeFactory(compact=compact, number=2),
        number=1,
        whose="public",
        check_kind=Commitment.Check.CONSULTATION_LENGTH,
        check_number=12,
    )
    return compact


def test_compact_list(client_for, officer):
    def make(n):
        for _ in range(n):
            c = CompactFactory()
            CommitmentFactory(code=CodeFactory(compact=c))
            EndorsementFactory(compact=c)

    same_for_5_and_50(client_for(officer), make, reverse("compact:compact_list"))


@pytest.mark.parametrize("role", ["officer", "partner_contact"])
def test_compact_page(request, client_for, compact, role):
    user = request.getfixturevalue(role)
    start = [10]

    def make(n):
        for i in range(n):
            code = CodeFactory(compact=compact, number=start[0] + i)
            CommitmentFactory(code=code, number=1)
            EndorsementFactory(compact=compact)
        start[0] += n

    same_for_5_and_50(client_for(user), make, compact.get_absolute_url())


def test_findings_and_consultations(client_for, board_member, compact):
    def make(n):
        for _ in range(n):
            ConsultationFactory(
                compact=compact,
                organisation=OrganisationFactory(),
                end_date=datetime.date(2009, 10, 1),  # under 12 weeks: each one a finding
            )

    client = client_for(board_member)
    same_for_5_and_50(client, make, reverse("compact:findings", args=[compact.pk]))
    make(5)
    assert queries(client, reverse("compact:consultation_list")) == queries(
        client, reverse("compact:consultation_list") + "?page=2"
    )


def test_consultation_list(client_for, officer, compact):
    def make(n):
        for _ in range(n):
            ConsultationFactory(compact=compact, organisation=OrganisationFactory())

    client = client_for(officer)
    make(5)
    few = queries(client, reverse("compact:consultation_list"))
    make(20)  # still one page of 25
    assert queries(client, reverse("compact:consultation_list")) == few


def test_breach_log(client_for, officer, compact):
    commitment = Commitment.objects.get()

    def make(n):
        for _ in range(n):
            BreachFactory(commitment=commitment)

    client = client_for(officer)
    make(5)
    few = queries(client, reverse("compact:breach_list"))
    make(20)
    assert queries(client, reverse("compact:breach_list")) == few


def test_round_page_and_assessment_page(client_for, officer, compact):
    round = RoundFactory(compact=compact)
    commitment = Commitment.objects.get()
    code = CodeFactory(compact=compact, number=30)
    assessment = AssessmentFactory(round=round, organisation=OrganisationFactory())

    def make(n):
        for _ in range(n):
            a = AssessmentFactory(round=round, organisation=OrganisationFactory())
            Rating.objects.create(assessment=a, commitment=commitment, value="partly", evidence="x")
            c = CommitmentFactory(code=code, whose="shared")
            Rating.objects.create(assessment=assessment, commitment=c, value="met", evidence="y")

    client = client_for(officer)
    make(5)
    few = (
        queries(client, round.get_absolute_url()),
        queries(client, assessment.get_absolute_url()),
    )
    make(45)
    many = (
        queries(client, round.get_absolute_url()),
        queries(client, assessment.get_absolute_url()),
    )
    assert few == many


def test_handbook_section_and_diff(client_for, officer):
    section = SectionFactory(number=1000, title="Compact")

    def make(n):
        for _ in range(n):
            s = SectionFactory()
            VersionFactory(section=s, number=1, status="endorsed", endorsed_on=timezone.localdate())
            VersionFactory(section=s, number=2)
            VersionFactory(section=section)

    client = client_for(officer)
    make(5)
    few = [
        queries(client, reverse("compact:handbook")),
        queries(client, section.get_absolute_url()),
        queries(client, reverse("compact:version_diff", args=[section.pk])),
    ]
    make(45)
    many = [
        queries(client, reverse("compact:handbook")),
        queries(client, section.get_absolute_url()),
        queries(client, reverse("compact:version_diff", args=[section.pk])),
    ]
    assert few == many
    assert SectionVersion.objects.count() == 150


def test_dashboard_panel(client_for, officer, compact):
    commitment = Commitment.objects.get()

    def make(n):
        for _ in range(n):
            BreachFactory(commitment=commitment)
            ConsultationFactory(compact=compact, end_date=datetime.date(2009, 10, 1))

    client = client_for(officer)
    make(5)
    few = queries(client, reverse("dashboard"))
    make(45)
    assert queries(client, reverse("dashboard")) == few
    page = client.get(reverse("dashboard")).content.decode()
    assert "Compact compliance" in page
    assert '<span class="stat">50</span> findings' in page
    assert '<span class="stat">50</span> open breaches' in page


def test_findings_from_grants(client_for, board_member, compact):
    from ..grants.factories import AwardFactory, PaymentFactory

    funding = CodeFactory(compact=compact, number=1)
    for number, kind, n in [(1, "funding_notice", 3), (2, "payment_days", 30)]:
        CommitmentFactory(
            code=funding, number=number, whose="public", check_kind=kind, check_number=n
        )

    def make(n):
        from grants.models import AwardChange

        for _ in range(n):
            award = AwardFactory(recipient_organisation__sector="vcfs")
            PaymentFactory(award=award, due_date=datetime.date(2016, 5, 1), paid_date=None)
            AwardChange.objects.create(
                award=award,
                kind="end",
                notice_date=datetime.date(2018, 1, 1),
                effective_date=datetime.date(2018, 2, 1),
                reason="Savings.",
            )

    same_for_5_and_50(
        client_for(board_member), make, reverse("compact:findings", args=[compact.pk])
    )


def test_dashboard_panel_links_only_to_what_is_there(client_for, officer, compact):
    page = client_for(officer).get(reverse("dashboard")).content.decode()
    assert "Compact compliance" in page
    assert "See the open breaches" not in page and "See the findings" not in page
    assert "See the breaches log" in page
    BreachFactory(commitment=Commitment.objects.get())
    page = client_for(officer).get(reverse("dashboard")).content.decode()
    assert "See the open breaches" in page
