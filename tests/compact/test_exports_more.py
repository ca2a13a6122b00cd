"""CSV of the consultations list and the Compact list: the list's filters, one header row,
UTF-8, ISO dates, and only for those who may see the list."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from portal.models import Job

from .factories import ConsultationFactory

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


def test_consultations_export_with_the_lists_filters(
    client_for, officer, world, django_capture_on_commit_callbacks
):
    ConsultationFactory(
        compact=world["compact"],
        title="Town centre parking",
        start_date=datetime.date(2010, 1, 4),
        end_date=datetime.date(2010, 2, 1),  # 4 weeks
    )
    ConsultationFactory(compact=world["compact"], title="Old one")  # starts 2009
    job, rows = _export(
        client_for(officer),
        reverse("compact:consultation_export"),
        {"started_after": "2010-01-01", "q": "parking"},
        django_capture_on_commit_callbacks,
    )
    assert list(rows[0])[:8] == [
        "Compact",
        "Consultation",
        "Consulting body",
        "Owner",
        "Start date",
        "End date",
        "Weeks",
        "Compact's minimum weeks",
    ]
    (row,) = rows
    assert row["Consultation"] == "Town centre parking"
    assert (row["Start date"], row["End date"]) == ("2010-01-04", "2010-02-01")
    assert row["Weeks"] == "4.0"
    assert row["Compact's minimum weeks"] == "12"
    assert row["Period"] == "Shorter than 12 weeks, no reason recorded"
    assert job.message == "1 consultation exported."


def test_consultations_export_is_refused_to_a_partner_contact(client_for, partner_contact, world):
    response = client_for(partner_contact).post(reverse("compact:consultation_export"))
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_consultations_list_offers_the_export(client_for, officer, world):
    ConsultationFactory(compact=world["compact"])
    page = client_for(officer).get(reverse("compact:consultation_list")).content.decode()
    assert reverse("compact:consultation_export") in page


def test_compacts_export(client_for, partner_contact, world, django_capture_on_commit_callbacks):
    _, rows = _export(
        client_for(partner_contact),
        reverse("compact:compact_export"),
        {},
        django_capture_on_commit_callbacks,
    )
    assert list(rows[0]) == [
        "Compact",
        "Area",
        "Status",
        "Version",
        "Adopted on",
        "Codes",
        "Commitments",
        "Endorsements of this version",
    ]
    (row,) = rows
    assert row["Compact"] == "West Cheshire Compact"
    assert row["Codes"] == "2"
    if row["Adopted on"]:
        datetime.date.fromisoformat(row["Adopted on"])


def test_compacts_list_offers_the_export(client_for, officer, world):
    page = client_for(officer).get(reverse("compact:compact_list")).content.decode()
    assert reverse("compact:compact_export") in page


def test_compacts_export_is_refused_without_a_role(client_for, no_role_user, world):
    assert client_for(no_role_user).post(reverse("compact:compact_export")).status_code == 403
