"""CSV of the participatory budget rounds, and the money and dates of the grants exports:
one header row, UTF-8, ISO dates, plain decimals, and only for those who may see them."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from portal.models import Job

from .factories import AwardFactory, FundFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _export(client, url, data, capture) -> tuple[Job, list[dict]]:
    with capture(execute=True):
        client.post(url, data)
    job = Job.objects.get()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    with job.file.open("rb") as f:
        raw = f.read()
    assert raw.startswith(b"\xef\xbb\xbf")
    return job, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_rounds_export(client_for, officer, django_capture_on_commit_callbacks):
    RoundFactory(name="Crewe decides", budget=Decimal("40000.5"))
    job, rows = _export(
        client_for(officer), reverse("grants:round_export"), {}, django_capture_on_commit_callbacks
    )
    assert list(rows[0]) == [
        "Round",
        "Fund",
        "Area board",
        "Budget (£)",
        "Counting rule",
        "Voting opens",
        "Voting closes",
        "Voting",
        "Results published at",
        "Projects",
        "Ballots",
    ]
    (row,) = rows
    assert row["Round"] == "Crewe decides"
    assert row["Budget (£)"] == "40000.50"
    opens = datetime.datetime.fromisoformat(row["Voting opens"])
    assert opens.tzinfo is not None and "T" in row["Voting opens"]
    assert row["Voting"] == "Voting open"
    assert job.message == "1 round exported."


def test_rounds_export_is_refused_to_a_partner_contact(client_for, partner_contact):
    RoundFactory()
    assert client_for(partner_contact).post(reverse("grants:round_export")).status_code == 403
    assert not Job.objects.exists()


def test_rounds_list_offers_the_export(client_for, officer):
    RoundFactory()
    page = client_for(officer).get(reverse("grants:round_list")).content.decode()
    assert reverse("grants:round_export") in page


def test_awards_export_dates_and_money(client_for, officer, django_capture_on_commit_callbacks):
    fund = FundFactory(name="Town Partnership grants", budget=Decimal("72000"))
    AwardFactory(
        fund=fund,
        title="Sandbach town plan",
        amount=Decimal("8000"),
        start_date=datetime.date(2016, 4, 1),
    )
    AwardFactory(fund=FundFactory(name="Other fund"), title="Elsewhere")
    _, rows = _export(
        client_for(officer),
        reverse("grants:award_export"),
        {"fund": fund.pk},
        django_capture_on_commit_callbacks,
    )
    (row,) = rows
    assert row["Amount (£)"] == "8000.00"
    assert row["Start date"] == "2016-04-01"
