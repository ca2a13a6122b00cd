"""CSV of the strategies list, and the register's dates and money in the shared CSV form."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships.models import Strategy
from portal.exports import _cell
from portal.models import Job

from .factories import ContributionFactory, PartnershipFactory

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


def test_strategies_export(client_for, board_member, django_capture_on_commit_callbacks):
    strategy = Strategy.objects.create(
        name="Ambition for All",
        period_start=datetime.date(2010, 4, 1),
        period_end=datetime.date(2025, 3, 31),
    )
    strategy.outcomes.create(number=1, title="Healthy people")
    job, rows = _export(
        client_for(board_member),
        reverse("partnerships:strategy_export"),
        {},
        django_capture_on_commit_callbacks,
    )
    assert list(rows[0]) == ["Name", "Period start", "Period end", "Owner", "Outcomes", "Vision"]
    (row,) = rows
    assert (row["Period start"], row["Period end"], row["Outcomes"]) == (
        "2010-04-01",
        "2025-03-31",
        "1",
    )
    assert job.message == "1 strategy exported."


def test_strategies_export_refused_without_a_role(client_for, no_role_user):
    assert client_for(no_role_user).post(reverse("partnerships:strategy_export")).status_code == 403


def test_strategies_list_offers_the_export(client_for, officer):
    Strategy.objects.create(
        name="Ambition for All",
        period_start=datetime.date(2010, 4, 1),
        period_end=datetime.date(2025, 3, 31),
    )
    page = client_for(officer).get(reverse("partnerships:strategy_list")).content.decode()
    assert reverse("partnerships:strategy_export") in page


def test_register_export_dates_iso_and_money_plain(
    client_for, officer, django_capture_on_commit_callbacks
):
    p = PartnershipFactory(name="Crewe Town Partnership", start_date=datetime.date(2016, 4, 1))
    ContributionFactory(partnership=p, cash=Decimal("12345.5"))
    _, rows = _export(
        client_for(officer),
        reverse("partnerships:partnership_export"),
        {"q": "Crewe"},
        django_capture_on_commit_callbacks,
    )
    (row,) = rows
    assert row["Start date"] == "2016-04-01"
    assert row["Resources this financial year (£)"] == "12345.50"


def test_cells_are_iso_and_plain():
    from django.utils import timezone

    moment = datetime.datetime(2026, 7, 1, 18, 30, tzinfo=timezone.get_current_timezone())
    assert _cell(moment) == "2026-07-01T18:30:00+01:00"
    assert _cell(datetime.date(2026, 1, 2)) == "2026-01-02"
    assert _cell(Decimal("1E+3")) == "1000"
    assert _cell(Decimal("-5.50")) == "-5.50"  # an amount, not a formula
