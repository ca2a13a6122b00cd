"""CSV of the work programmes list and the risk logs list: the list's filters, one header
row, UTF-8, and only what the user may see."""

import csv
import io

import pytest
from django.urls import reverse

from portal.models import Job

from .factories import RiskFactory, RiskLogFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _export(client, url, data, capture) -> tuple[Job, list[list[str]]]:
    with capture(execute=True):
        client.post(url, data)
    job = Job.objects.get()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    with job.file.open("rb") as f:
        raw = f.read()
    assert raw.startswith(b"\xef\xbb\xbf")
    return job, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_programmes_export_with_the_lists_filters(
    client_for, officer, world, django_capture_on_commit_callbacks
):
    TaskFactory(programme=world["programme"], number=2, priority=1)
    job, rows = _export(
        client_for(officer),
        reverse("workprogramme:programme_export"),
        {"q": "Health"},
        django_capture_on_commit_callbacks,
    )
    header, *body = rows
    assert header == [
        "Title",
        "Partnership",
        "Period from",
        "Period to",
        "Status",
        "Tasks",
        "Priority 1 tasks",
    ]
    assert body == [
        [
            "Health programme 2007/08",
            "Health and Wellbeing Board",
            "2007-04-01",
            "2008-03-31",
            "Agreed",
            "2",
            "1",
        ]
    ]
    assert job.message == "1 work programme exported."


def test_a_member_exports_only_the_programmes_they_may_see(
    client_for, board_member, world, django_capture_on_commit_callbacks
):
    _, rows = _export(
        client_for(board_member),
        reverse("workprogramme:programme_export"),
        {},
        django_capture_on_commit_callbacks,
    )
    assert [r[0] for r in rows[1:]] == ["Health programme 2007/08"]


def test_the_programmes_list_offers_the_export(client_for, officer, world):
    page = client_for(officer).get(reverse("workprogramme:programme_list")).content.decode()
    assert reverse("workprogramme:programme_export") in page


def test_risk_logs_export_with_the_lists_filters(
    client_for, officer, world, django_capture_on_commit_callbacks
):
    RiskFactory(log=world["log"], reference="R1")
    RiskLogFactory(partnership=world["health"], name="Own risks", kind="partnership")
    job, rows = _export(
        client_for(officer),
        reverse("workprogramme:risklog_export"),
        {"partnership": world["health"].pk, "kind": "project"},
        django_capture_on_commit_callbacks,
    )
    header, *body = rows
    assert header[:6] == [
        "Risk log",
        "Partnership",
        "Kind",
        "Risk appetite",
        "Open risks",
        "Open risks overdue for review",
    ]
    assert [(r[0], r[1], r[4]) for r in body] == [
        ("Health refresh", "Health and Wellbeing Board", "1")
    ]


def test_a_contact_exports_only_the_risk_logs_they_may_see(
    client_for, partner_contact, world, django_capture_on_commit_callbacks
):
    _, rows = _export(
        client_for(partner_contact),
        reverse("workprogramme:risklog_export"),
        {},
        django_capture_on_commit_callbacks,
    )
    assert [r[0] for r in rows[1:]] == ["Health refresh"]


def test_the_risk_logs_list_offers_the_export(client_for, officer, world):
    page = client_for(officer).get(reverse("workprogramme:risklog_list")).content.decode()
    assert reverse("workprogramme:risklog_export") in page


def test_tasks_export_gives_money_and_days_as_plain_decimals(
    client_for, officer, world, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    TaskFactory(
        programme=world["programme"], number=5, budget=Decimal("1234.5"), staff_days=Decimal("2.5")
    )
    _, rows = _export(
        client_for(officer),
        reverse("workprogramme:task_export"),
        {"programme": world["programme"].pk, "q": "Key task"},
        django_capture_on_commit_callbacks,
    )
    header, *body = rows
    row = dict(zip(header, body[-1], strict=True))
    assert row["Money committed (£)"] == "1234.50"
    assert row["Staff days"] == "2.5"
